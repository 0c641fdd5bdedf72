package io.pilotlight.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryObjectStoreTest extends ObjectStoreContractTest {
    @TempDir
    Path root;

    @Override
    protected ObjectStore newStore() {
        return new DirectoryObjectStore(root);
    }

    @Test
    void aKeyIsAFileUnderTheRoot() throws Exception {
        store.put("data/ab/cd", bytes("x"));

        assertThat(root.resolve("data/ab/cd")).hasBinaryContent(bytes("x"));
        assertThat(store.location()).isEqualTo(root.toAbsolutePath().toString());
        assertThat(store.strongPutIfAbsent()).isTrue();
    }

    @Test
    void putAndPutIfAbsentLeaveNoTempFilesBehind() throws Exception {
        store.put("data/one", bytes("1"));
        store.put("data/one", bytes("replaced"));
        store.putIfAbsent("data/two", bytes("2"));
        store.putIfAbsent("data/two", bytes("refused"));

        assertThat(filesUnder(root)).containsExactly("data/one", "data/two");
    }

    @Test
    void aLeftoverTempFileIsNeverListed() throws Exception {
        store.put("data/one", bytes("1"));
        Files.write(root.resolve("data/" + DirectoryObjectStore.TEMP_PREFIX + "0123abcd"), bytes("partial"));
        Files.write(root.resolve(DirectoryObjectStore.TEMP_PREFIX + "ffff"), bytes("partial"));

        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("data/one");
        assertThat(store.list("data/")).extracting(ObjectInfo::key).containsExactly("data/one");
    }

    @Test
    void filesThatAreNotValidKeysAreNotListed() throws Exception {
        store.put("data/one", bytes("1"));
        Files.write(root.resolve("README.TXT"), bytes("hands off"));
        Files.createDirectories(root.resolve(".snapshot/data"));
        Files.write(root.resolve(".snapshot/data/one"), bytes("old"));

        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly("data/one");
    }

    @Test
    void aWriterKilledBeforeTheRenameLeavesTheStoreConsistent() throws Exception {
        store.put("points/p1", bytes("committed point"));
        // The writer of a new version of points/p1 and of points/p2 died after writing its temp
        // files and before renaming them: exactly what put leaves on disk at that moment.
        Files.write(root.resolve("points/" + DirectoryObjectStore.TEMP_PREFIX + "1a2b3c4d"), bytes("new ver"));
        Files.write(root.resolve("points/" + DirectoryObjectStore.TEMP_PREFIX + "5e6f7a8b"), bytes("p2, half"));

        ObjectStore afterRestart = new DirectoryObjectStore(root);

        assertThat(afterRestart.get("points/p1")).isEqualTo(bytes("committed point"));
        assertThat(afterRestart.list("points/")).containsExactly(new ObjectInfo("points/p1", 15));
        assertThat(afterRestart.stat("points/p2")).isEmpty();
        assertThat(afterRestart.putIfAbsent("points/p2", bytes("p2, whole"))).isTrue();
        afterRestart.put("points/p1", bytes("p1, rewritten"));
        assertThat(afterRestart.list("points/")).extracting(ObjectInfo::key).containsExactly("points/p1", "points/p2");
        assertThat(afterRestart.get("points/p2")).isEqualTo(bytes("p2, whole"));
        assertThat(afterRestart.get("points/p1")).isEqualTo(bytes("p1, rewritten"));
    }

    @Test
    void aMissingRootIsAnEmptyStoreThatPutCreates() throws Exception {
        ObjectStore missing = new DirectoryObjectStore(root.resolve("not/yet"));

        assertThat(missing.list("")).isEmpty();
        assertThat(missing.stat("x")).isEmpty();
        missing.delete("x");
        missing.put("x", bytes("1"));
        assertThat(missing.list("")).containsExactly(new ObjectInfo("x", 1));
    }

    @Test
    void anObjectUnderAnotherObjectsKeyIsRefusedNamingBoth() throws Exception {
        store.put("a/b", bytes("file"));

        assertThatThrownBy(() -> store.put("a/b/c", bytes("x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("object a/b/c")
                .hasMessageContaining("a/b is an object");
        assertThat(store.stat("a/b/c")).isEmpty();
        assertThatThrownBy(() -> store.get("a/b/c")).isInstanceOf(NoSuchObjectException.class);
        store.delete("a/b/c");
        assertThat(store.list("a/b/")).isEmpty();
    }

    @Test
    void anObjectAtAPrefixOfOtherKeysIsRefused() throws Exception {
        store.put("a/b/c", bytes("file"));

        assertThatThrownBy(() -> store.put("a/b", bytes("x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("object a/b:")
                .hasMessageContaining("a/b/");
        assertThatThrownBy(() -> store.putIfAbsent("a/b", bytes("x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("object a/b:");
        store.delete("a/b");
        assertThat(store.get("a/b/c")).isEqualTo(bytes("file"));
        assertThat(filesUnder(root)).containsExactly("a/b/c");
    }

    @Test
    void theRootMayBeASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(root.resolveSibling(root.getFileName() + "-link"), root);
        try {
            ObjectStore viaLink = new DirectoryObjectStore(link);
            viaLink.put("data/one", bytes("1"));

            assertThat(viaLink.list("")).containsExactly(new ObjectInfo("data/one", 1));
            assertThat(viaLink.list("data/o")).containsExactly(new ObjectInfo("data/one", 1));
        } finally {
            Files.delete(link);
        }
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> directory.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
