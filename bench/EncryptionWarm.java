import com.sun.management.OperatingSystemMXBean;
import io.pilotlight.cli.PilotlightCommand;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Issue 17, warm JVM (as in the daemon): runs `init`, `replicate` of IMAGE and `restore` through the
 * command line's entry point in this one JVM, plain and encrypted, alternating, ROUNDS times after one
 * untimed warm-up round each; wall and process CPU (all threads: JIT and GC included) of each
 * replicate and restore. Each encrypted command still derives its key (Argon2id) once.
 *
 *   java -cp target/pilotlight.jar bench/EncryptionWarm.java IMAGE WORKDIR [ROUNDS]
 */
public class EncryptionWarm {
    static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Files.createDirectories(work);
        Path pass = work.resolve("pass");
        Files.writeString(pass, "bench passphrase\n");
        List<double[]> plain = new ArrayList<>();
        List<double[]> encrypted = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            boolean encryptedFirst = round % 2 == 1;
            for (boolean encrypt : encryptedFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                double[] figures = once(image, work, pass, encrypt);
                if (round > 0) {
                    (encrypt ? encrypted : plain).add(figures);
                }
                System.err.printf("round %d %s: replicate %.2f s wall %.2f s cpu, restore %.2f s wall %.2f s cpu%n",
                        round, encrypt ? "encrypted" : "plain", figures[0], figures[1], figures[2], figures[3]);
            }
        }
        String[] names = {"replicate wall", "replicate CPU", "restore wall", "restore CPU"};
        System.out.println("W1 in one warm JVM, " + rounds + " rounds after a warm-up (medians)");
        System.out.println("| | " + String.join(" | ", names) + " |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("plain", plain);
        row("encrypted", encrypted);
        StringBuilder ratio = new StringBuilder("| encrypted / plain (median of rounds) |");
        for (int c = 0; c < 4; c++) {
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < plain.size(); r++) {
                ratios.add(encrypted.get(r)[c] / plain.get(r)[c]);
            }
            ratio.append(String.format(" %.3fx |", median(ratios)));
        }
        System.out.println(ratio);
    }

    static void row(String name, List<double[]> rows) {
        StringBuilder line = new StringBuilder("| " + name + " |");
        for (int c = 0; c < 4; c++) {
            List<Double> column = new ArrayList<>();
            for (double[] row : rows) {
                column.add(row[c]);
            }
            line.append(String.format(" %.2f s |", median(column)));
        }
        System.out.println(line);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double[] once(Path image, Path work, Path pass, boolean encrypt) throws Exception {
        Path repo = work.resolve(encrypt ? "repo-encrypted" : "repo-plain");
        Path restored = work.resolve("restored.img");
        delete(repo);
        Files.deleteIfExists(restored);
        Map<String, String> env = encrypt ? Map.of("PILOTLIGHT_PASSWORD_FILE", pass.toString()) : Map.of();
        run(env, "--repo", repo.toString(), "-q", "init", encrypt ? "--encrypt" : "--grain-size=64K");
        double[] replicate = timed(env, "--repo", repo.toString(), "-q", "replicate", "--disk", "w1", "--source",
                "file:" + image);
        double[] restore = timed(env, "--repo", repo.toString(), "-q", "restore", "--disk", "w1", "--to",
                restored.toString());
        if (Files.mismatch(image, restored) != -1) {
            throw new IllegalStateException("restored image differs");
        }
        delete(repo);
        Files.deleteIfExists(restored);
        return new double[] {replicate[0], replicate[1], restore[0], restore[1]};
    }

    static double[] timed(Map<String, String> env, String... args) {
        long wall = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        run(env, args);
        return new double[] {(System.nanoTime() - wall) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9};
    }

    static void run(Map<String, String> env, String... args) {
        picocli.CommandLine commandLine = PilotlightCommand.commandLine(env, false, args);
        commandLine.setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        int code = commandLine.execute(args);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + ": exit " + code);
        }
    }

    static void delete(Path path) throws Exception {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
