package dev.jgrad.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    static boolean makeFifo(Path fifo) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void writesThroughASymbolicLinkAndKeepsTheLink() throws IOException {
        Path real = Files.writeString(Files.createDirectory(dir.resolve("real")).resolve("data.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("real", "data.csv"));
        AtomicWrite.write(link, bytes("new\n"));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("new\n", Files.readString(real));
        try (Stream<Path> files = Files.list(real.getParent())) {
            assertEquals(List.of(real), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aDanglingLinkCreatesItsTargetAndAChainIsFollowedToItsEnd() throws IOException {
        Path end = dir.resolve("end.txt");
        Path middle = Files.createSymbolicLink(dir.resolve("middle"), end);
        Path start = Files.createSymbolicLink(dir.resolve("start"), middle.getFileName());
        assertEquals(end, AtomicWrite.destination(start));
        AtomicWrite.write(start, bytes("x"));
        assertEquals("x", Files.readString(end));
        assertTrue(Files.isSymbolicLink(start) && Files.isSymbolicLink(middle));
    }

    @Test
    void aLoopOfLinksIsAnErrorNamingTheTarget() throws IOException {
        Path a = dir.resolve("a");
        Path b = Files.createSymbolicLink(dir.resolve("b"), a);
        Files.createSymbolicLink(a, b);
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(a, bytes("x")));
        assertEquals(a + ": too many levels of symbolic links", e.getMessage());
    }

    @Test
    void refusesAFifoInsteadOfReplacingIt() throws Exception {
        Path fifo = dir.resolve("fifo");
        assumeTrue(makeFifo(fifo), "mkfifo is not available");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(fifo, bytes("x")));
        assertTrue(e.getMessage().startsWith(fifo + ": is a special file"), e.getMessage());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        assertEquals(List.of(fifo), listing());
    }

    @Test
    void refusesADeviceNode() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
        assertTrue(AtomicWrite.refusal(devNull).startsWith("is a special file"));
    }

    @Test
    void refusesADirectoryAndALinkToOne() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("to-sub"), sub);
        for (Path target : List.of(sub, link)) {
            IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(target, bytes("x")));
            assertEquals(target + ": is a directory", e.getMessage());
        }
        assertTrue(Files.isDirectory(sub) && Files.isSymbolicLink(link));
    }

    @Test
    void aNameOf255BytesStillGetsATemporaryName() throws IOException {
        for (String name : List.of("a".repeat(240), "b".repeat(255), "é".repeat(127), "😀".repeat(63))) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255, name);
            Path target = dir.resolve(name);
            AtomicWrite.write(target, bytes(name));
            assertEquals(name, Files.readString(target));
        }
        assertEquals(4, listing().size());
    }

    @Test
    void errorsNameTheTargetNeverTheTemporaryFile() {
        Path target = dir.resolve("missing").resolve("out.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(target, bytes("x")));
        assertEquals(target + ": no such directory", e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    @Test
    void theContentIsForcedToTheDeviceBeforeTheMoveAndTheDirectoryAfterIt() throws IOException {
        Path target = Files.writeString(dir.resolve("model.json"), "old");
        RecordingFileSystem recording = new RecordingFileSystem();
        AtomicWrite.write(recording.wrap(target), bytes("new"));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), listing());
        List<RecordingFileSystem.Event> events = recording.events();
        assertEquals(3, events.size(), events.toString());
        Path temp = events.get(1).path();
        assertEquals(new RecordingFileSystem.Event("move", temp), events.get(1), events.toString());
        assertEquals(target.toAbsolutePath().getParent(), temp.getParent());
        assertEquals(new RecordingFileSystem.Event("force", temp), events.get(0), "the new content first");
        assertEquals(new RecordingFileSystem.Event("force", temp.getParent()), events.get(2), "then its name");
    }

    @Test
    void whenTheContentCannotBeForcedTheTargetIsAsItWasAndNoTemporaryFileIsLeft() throws IOException {
        Path target = Files.writeString(dir.resolve("model.json"), "old");
        RecordingFileSystem recording = new RecordingFileSystem();
        recording.failForcesOf(Files::isRegularFile);
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(recording.wrap(target),
                bytes("new")));
        assertEquals(target + ": Input/output error (a failure the test asked for)", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());
        assertTrue(recording.events().isEmpty(), "nothing was moved: " + recording.events());
    }

    @Test
    void aDirectoryThatCannotBeForcedDoesNotFailTheWrite() throws IOException {
        Path target = dir.resolve("model.json");
        RecordingFileSystem recording = new RecordingFileSystem();
        recording.failForcesOf(Files::isDirectory);
        AtomicWrite.write(recording.wrap(target), bytes("new"));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), listing());
    }
}
