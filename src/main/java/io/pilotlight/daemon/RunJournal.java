package io.pilotlight.daemon;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's run history: {@code history.jsonl} in its state directory, one {@link RunRecord} per
 * line, each appended and forced to disk before the next run is told. A torn last line (a crash in
 * the middle of a write) is skipped when read.
 */
public final class RunJournal {
    public static final String FILE_NAME = "history.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public RunJournal(Path stateDirectory) throws IOException {
        Files.createDirectories(requireNonNull(stateDirectory, "stateDirectory is null"));
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized void append(RunRecord record) throws IOException {
        byte[] line = (JSON.writeValueAsString(record.toJson()) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Every run on record, oldest first. */
    public synchronized List<RunRecord> read() throws IOException {
        List<RunRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(RunRecord.fromJson(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}:{}: skipped an unreadable history line ({})", file, number, e.getMessage());
            }
        }
        return records;
    }

    /** The start of each job's last run, for {@code Scheduler.start}. */
    public Map<String, Instant> lastRuns() throws IOException {
        Map<String, Instant> last = new TreeMap<>();
        for (RunRecord record : read()) {
            last.merge(record.job(), record.start(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return last;
    }
}
