package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void replacesTheTargetWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("out.csv"), "old\n");
        AtomicFiles.write(target, "new\n");
        assertEquals("new\n", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void theFileGetsTheUsualPermissionsNotATemporaryFilesPrivateOnes() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.write(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void createsMissingDirectories() throws IOException {
        Path target = dir.resolve("a/b/out.csv");
        AtomicFiles.write(target, "x\n");
        assertEquals("x\n", Files.readString(target));
    }

    @Test
    void aFailedMoveLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("occupied"));
        Path inside = Files.writeString(target.resolve("keep"), "kept");
        assertThrows(OutputException.class, () -> AtomicFiles.write(target, "new\n"));
        assertEquals("kept", Files.readString(inside));
        assertEquals(List.of(target), listing());
    }
}
