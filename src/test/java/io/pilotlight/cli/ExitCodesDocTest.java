package io.pilotlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/exit-codes.md and the README's exit-code table list exactly the codes of {@link ExitCodes#table()}:
 * each once, in the same order, none missing and none extra. The meanings may be worded differently.
 */
class ExitCodesDocTest {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|");
    private static final Pattern HEADER = Pattern.compile("^\\|\\s*Code\\s*\\|\\s*Meaning\\s*\\|");

    @Test
    void docsExitCodesListsExactlyTheCodes() throws IOException {
        assertThat(codesOfTable(Path.of("docs/exit-codes.md"))).containsExactlyElementsOf(codes());
    }

    @Test
    void theReadmeListsExactlyTheCodes() throws IOException {
        assertThat(codesOfTable(Path.of("README.md"))).containsExactlyElementsOf(codes());
    }

    @Test
    void aTableWithAMissingOrExtraCodeIsCaught() {
        List<String> lines = List.of("text", "| Code | Meaning |", "|-----:|---------|", "| 0 | success |",
                "| 99 | made up |", "", "| 1 | after the table: not read |");
        assertThat(codesOf(lines, "sample")).containsExactly(0, 99).isNotEqualTo(codes());
    }

    private static List<Integer> codes() {
        return ExitCodes.table().keySet().stream().map(Integer::valueOf).toList();
    }

    private static List<Integer> codesOfTable(Path file) throws IOException {
        return codesOf(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The codes of the first table headed {@code | Code | Meaning |}, in order. */
    private static List<Integer> codesOf(List<String> lines, String name) {
        int header = 0;
        while (header < lines.size() && !HEADER.matcher(lines.get(header)).find()) {
            header++;
        }
        assertThat(header).as(name + " has a table headed '| Code | Meaning |'").isLessThan(lines.size());
        List<Integer> codes = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            assertThat(row.find()).as(name + " line " + (i + 1) + " is a row with a code: " + lines.get(i)).isTrue();
            codes.add(Integer.valueOf(row.group(1)));
        }
        return codes;
    }
}
