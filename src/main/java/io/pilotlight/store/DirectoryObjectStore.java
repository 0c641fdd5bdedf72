package io.pilotlight.store;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Objects as files under a root directory: key {@code a/b/c} is the file {@code root/a/b/c}.
 *
 * <p>Writes go to a temp file named {@code .tmp-<random>} in the target's directory, are forced to
 * disk, then made visible in one step: {@link #put} renames over the target, {@link #putIfAbsent}
 * hard-links the temp file to the target (which fails if the target exists, so it is atomic
 * against other processes too). The directory is then forced, so an object is durable when the
 * call returns. A writer killed half way leaves only a temp file; names starting with a dot are
 * never valid keys, so temp files are never listed or read.
 *
 * <p>Symbolic links are followed, so the root or any directory in it may live elsewhere.
 *
 * <p>Unlike a bucket, a directory cannot hold both {@code a/b} and {@code a/b/c}: storing one when
 * the other exists fails with an {@link IOException} naming both. Empty directories left by
 * {@link #delete} are not removed (removing them would race with writers creating them).
 * Files are created with the process's default permissions.
 */
public final class DirectoryObjectStore implements ObjectStore {
    static final String TEMP_PREFIX = ".tmp-";
    /** Windows cannot open a directory as a channel; everywhere else a failed directory sync is an error. */
    private static final boolean DIRECTORY_SYNC_SUPPORTED =
            !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Path root;

    public DirectoryObjectStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        requireNonNull(data, "data is null");
        Path directory = createDirectories(key, target.getParent());
        Path temp = writeTemp(directory, data);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            if (Files.isDirectory(target)) {
                throw keyIsDirectory(key, e);
            }
            throw new IOException("object " + key + ": cannot rename " + temp + " to " + target + ": " + e, e);
        }
        syncDirectory(directory);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) throws IOException {
        Path target = pathOf(key);
        requireNonNull(data, "data is null");
        if (Files.isRegularFile(target)) {
            return false;
        }
        Path directory = createDirectories(key, target.getParent());
        Path temp = writeTemp(directory, data);
        boolean created;
        try {
            Files.createLink(target, temp);
            created = true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(target)) {
                throw keyIsDirectory(key, e);
            }
            created = false;
        } catch (IOException | UnsupportedOperationException e) {
            throw new IOException("object " + key + ": cannot hard-link " + temp + " to " + target
                    + " (putIfAbsent needs a file system with hard links): " + e, e);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(directory);
        return created;
    }

    @Override
    public byte[] get(String key) throws IOException {
        try (FileChannel channel = openForRead(key)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException("object " + key + ": size " + size + " is too large to read whole;"
                        + " read it in ranges");
            }
            return readFully(channel, key, 0, (int) size);
        }
    }

    @Override
    public byte[] get(String key, long offset, int length) throws IOException {
        ObjectRange range = new ObjectRange(ObjectKeys.check(key), offset, length);
        try (FileChannel channel = openForRead(key)) {
            range.checkWithin(channel.size());
            return readFully(channel, key, offset, length);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path path = pathOf(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (underAnObject(path)) {
                return Optional.empty();
            }
            throw e;
        }
        return attributes.isRegularFile() ? Optional.of(new ObjectInfo(key, attributes.size())) : Optional.empty();
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        int lastSlash = prefix.lastIndexOf('/');
        Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new DirectoryLister(root, prefix).list(start);
        found.sort(Comparator.comparing(ObjectInfo::key));
        return List.copyOf(found);
    }

    @Override
    public List<ObjectInfo> list(String prefix, String startAfter) throws IOException {
        java.util.Objects.requireNonNull(startAfter, "startAfter is null");
        return list(prefix).stream().filter(info -> info.key().compareTo(startAfter) > 0).toList();
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = pathOf(key);
        if (Files.isDirectory(path)) {
            return;
        }
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(path);
        } catch (FileSystemException e) {
            if (underAnObject(path)) {
                return;
            }
            throw e;
        }
        if (deleted) {
            syncDirectory(path.getParent());
        }
    }

    @Override
    public boolean strongPutIfAbsent() {
        return true;
    }

    @Override
    public String location() {
        return root.toString();
    }

    private Path pathOf(String key) {
        return root.resolve(ObjectKeys.check(key));
    }

    private FileChannel openForRead(String key) throws IOException {
        Path path = pathOf(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(location(), key);
        } catch (FileSystemException e) {
            if (underAnObject(path)) {
                throw new NoSuchObjectException(location(), key);
            }
            throw e;
        }
        if (Files.isDirectory(path)) {
            channel.close();
            throw new NoSuchObjectException(location(), key);
        }
        return channel;
    }

    private static byte[] readFully(FileChannel channel, String key, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            long position = offset + buffer.position();
            if (channel.read(buffer, position) < 0) {
                throw new IOException("object " + key + ": ended at " + position + " while reading ["
                        + offset + ", " + (offset + length) + ")");
            }
        }
        return buffer.array();
    }

    private static Path writeTemp(Path directory, byte[] data) throws IOException {
        Path temp = directory.resolve(TEMP_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Creates {@code directory} and any missing parents, forcing each new entry into its parent. */
    private Path createDirectories(String key, Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return directory;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = directory; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw notADirectory(key, p, e);
                }
            }
            syncDirectory(p.getParent());
        }
        return directory;
    }

    private IOException notADirectory(String key, Path path, IOException cause) {
        if (path.startsWith(root) && !path.equals(root)) {
            return new IOException("object " + key + ": " + root.relativize(path).toString().replace('\\', '/')
                    + " is an object, and a directory store cannot hold an object under another object's key",
                    cause);
        }
        return new IOException("object " + key + ": cannot create directory " + path + ": a file is in the way",
                cause);
    }

    private IOException keyIsDirectory(String key, IOException cause) {
        return new IOException("object " + key + ": other objects have keys starting with " + key
                + "/, and a directory store cannot hold an object at a prefix of other keys", cause);
    }

    /** Whether a parent of {@code path} below the root is a file, i.e. the path cannot exist. */
    private boolean underAnObject(Path path) {
        for (Path p = path.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                return true;
            }
        }
        return false;
    }

    private static void syncDirectory(Path directory) throws IOException {
        if (!DIRECTORY_SYNC_SUPPORTED) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
    }
}
