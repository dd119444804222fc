package dev.jgrad.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The default file system seen through a provider that records, in order, every force of a file channel (an fsync)
 * and every move, and can make chosen forces fail: what {@link AtomicWrite} asks of the storage device, which the
 * default file system does not let a test observe. Paths of this file system wrap paths of the default one.
 */
final class RecordingFileSystem extends FileSystem {

    /**
     * One operation on the default file system.
     *
     * @param kind {@code "force"} or {@code "move"}
     * @param path the path of the default file system it acted on (for a move, the source)
     */
    record Event(String kind, Path path) {
    }

    private final FileSystem real = FileSystems.getDefault();
    private final Provider provider = new Provider();
    private final List<Event> events = new ArrayList<>();
    private Predicate<Path> failingForces = path -> false;

    /** This file system's path for a path of the default file system. */
    Path wrap(Path path) {
        return path == null ? null : new RecordedPath(path);
    }

    /** The operations so far, oldest first. */
    List<Event> events() {
        return List.copyOf(events);
    }

    /** Makes forcing the paths (of the default file system) that {@code failing} accepts throw an IOException. */
    void failForcesOf(Predicate<Path> failing) {
        failingForces = failing;
    }

    private Path unwrap(Path path) {
        if (path instanceof RecordedPath recorded && recorded.getFileSystem() == this) {
            return recorded.path;
        }
        throw new ProviderMismatchException(String.valueOf(path));
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the default file system cannot be closed");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(root -> roots.add(wrap(root)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        throw new UnsupportedOperationException("not needed by the tests");
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("not needed by the tests");
    }

    /** A path of the default file system, as a path of this one. */
    private final class RecordedPath implements Path {

        private final Path path;

        RecordedPath(Path path) {
            this.path = path;
        }

        @Override
        public FileSystem getFileSystem() {
            return RecordingFileSystem.this;
        }

        @Override
        public boolean isAbsolute() {
            return path.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return wrap(path.getRoot());
        }

        @Override
        public Path getFileName() {
            return wrap(path.getFileName());
        }

        @Override
        public Path getParent() {
            return wrap(path.getParent());
        }

        @Override
        public int getNameCount() {
            return path.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return wrap(path.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return wrap(path.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return path.startsWith(unwrap(other));
        }

        @Override
        public boolean endsWith(Path other) {
            return path.endsWith(unwrap(other));
        }

        @Override
        public Path normalize() {
            return wrap(path.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return wrap(path.resolve(unwrap(other)));
        }

        @Override
        public Path relativize(Path other) {
            return wrap(path.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return path.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return wrap(path.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return wrap(path.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException("not needed by the tests");
        }

        @Override
        public int compareTo(Path other) {
            return path.compareTo(unwrap(other));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RecordedPath p && p.getFileSystem() == getFileSystem() && p.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** Forwards every operation to the default provider, recording forces and moves. */
    private final class Provider extends FileSystemProvider {

        private final FileSystemProvider real = RecordingFileSystem.this.real.provider();

        @Override
        public String getScheme() {
            return "recording";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException("not needed by the tests");
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return RecordingFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(real.getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attributes) throws IOException {
            return real.newByteChannel(unwrap(path), options, attributes);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options,
                FileAttribute<?>... attributes) throws IOException {
            return new RecordedChannel(real.newFileChannel(unwrap(path), options, attributes), unwrap(path));
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) {
            throw new UnsupportedOperationException("not needed by the tests");
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
            real.createDirectory(unwrap(dir), attributes);
        }

        @Override
        public Path readSymbolicLink(Path link) throws IOException {
            return wrap(real.readSymbolicLink(unwrap(link)));
        }

        @Override
        public void delete(Path path) throws IOException {
            real.delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            real.copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            events.add(new Event("move", unwrap(source)));
            real.move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path other) throws IOException {
            return real.isSameFile(unwrap(path), unwrap(other));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return real.isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return real.getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            real.checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                LinkOption... options) {
            return real.getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return real.readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return real.readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
                throws IOException {
            real.setAttribute(unwrap(path), attribute, value, options);
        }
    }

    /** A channel of the default file system whose forces are recorded, or fail if so chosen. */
    private final class RecordedChannel extends FileChannel {

        private final FileChannel channel;
        private final Path path;

        RecordedChannel(FileChannel channel, Path path) {
            this.channel = channel;
            this.path = path;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failingForces.test(path)) {
                throw new IOException("Input/output error (a failure the test asked for)");
            }
            events.add(new Event("force", path));
            channel.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return channel.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return channel.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return channel.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return channel.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
