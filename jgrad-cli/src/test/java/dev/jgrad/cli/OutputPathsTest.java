package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output-path rule of every command: impossible paths are refused before the work starts (exit status 2), links
 * are written through, special files are never replaced, and {@code -o -} is standard output.
 */
class OutputPathsTest {

    @TempDir
    static Path trained;

    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnIris() {
        model = trained.resolve("iris.json");
        Cli.Result result = Cli.run("train", "--csv", TrainCommandTest.iris().toString(), "--target", "species",
                "--save", model.toString(), "--out", trained.toString(), "--epochs", "5");
        assertEquals(0, result.status(), result.err());
    }

    private static boolean makeFifo(Path fifo) throws IOException, InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Each command with an output file, writing to {@code file}; they all run in well under a second. */
    private static List<String[]> commandsWriting(Path file) {
        String iris = TrainCommandTest.iris().toString();
        return List.of(
                new String[] {"graph", "x*y", "--at", "x=2,y=3", "-o", file.toString()},
                new String[] {"predict", "--model", model.toString(), "--csv", iris, "-o", file.toString()},
                new String[] {"train", "--csv", iris, "--target", "species", "--epochs", "1", "--out",
                    trained.toString(), "--save", file.toString()});
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static void assertRefusedUpFront(Cli.Result result, String... args) {
        String command = String.join(" ", args);
        assertEquals(2, result.status(), command + ": " + result.err());
        assertEquals(1, result.err().lines().count(), command + ": " + result.err());
        assertTrue(result.err().startsWith("jgrad: "), result.err());
        assertFalse(result.err().contains("Exception"), result.err());
        assertEquals("", result.out(), command + ": no work was done");
    }

    @Test
    void anOutputThatIsAnInputOrTheLossPictureIsRefusedAndNothingIsWritten() throws IOException {
        Path rows = dir.resolve("rows.csv");
        Files.copy(TrainCommandTest.iris(), rows);
        Path savedModel = dir.resolve("model.json");
        Files.copy(model, savedModel);
        Path picture = dir.resolve("loss.png");
        String[][] runs = {
            {"predict", "--model", savedModel.toString(), "--csv", rows.toString(), "-o", rows.toString()},
            {"predict", "--model", savedModel.toString(), "--csv", rows.toString(), "-o", savedModel.toString()},
            {"train", "--csv", rows.toString(), "--target", "species", "--epochs", "1", "--out", dir.toString(),
                "--save", rows.toString()},
            {"train", "--csv", rows.toString(), "--target", "species", "--epochs", "1", "--out", dir.toString(),
                "--save", picture.toString()}};
        String[] what = {"the --csv file", "the --model file", "the --csv file", "the loss picture of --out"};
        for (int i = 0; i < runs.length; i++) {
            Cli.Result result = Cli.run(runs[i]);
            assertRefusedUpFront(result, runs[i]);
            assertEquals("jgrad: " + runs[i][runs[i].length - 2] + " " + runs[i][runs[i].length - 1] + " is "
                    + what[i] + "; give another name", result.err().strip());
        }
        assertEquals(Files.readString(TrainCommandTest.iris()), Files.readString(rows));
        assertEquals(Files.readString(model), Files.readString(savedModel));
        assertFalse(Files.exists(picture));
    }

    @Test
    void theRootDirectoryIsRefusedWithAMessageNotANullPointerException() {
        for (String[] args : commandsWriting(Path.of("/x"))) {
            args[args.length - 1] = "/";
            Cli.Result result = Cli.run(args);
            assertRefusedUpFront(result, args);
            assertTrue(result.err().endsWith(" /: is a directory; give a file name\n"), result.err());
        }
    }

    @Test
    void aMissingDirectoryOrAFileInsteadOfOneIsRefusedBeforeTheWork() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        for (Path bad : List.of(dir.resolve("missing/out.csv"), file.resolve("out.csv"), dir)) {
            for (String[] args : commandsWriting(bad)) {
                assertRefusedUpFront(Cli.run(args), args);
            }
        }
        assertEquals(List.of(file), listing(), "nothing written");
    }

    @Test
    void aBadOutDirectoryIsRefusedBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path blocked = Files.createDirectories(dir.resolve("blocked/loss.png"));
        List<String[]> runs = new ArrayList<>();
        for (Path out : List.of(file, dir.resolve("a/b"), dir.resolve("blocked"))) {
            runs.add(new String[] {"train", "--csv", TrainCommandTest.iris().toString(), "--target", "species",
                "--out", out.toString(), "--save", dir.resolve("model.json").toString()});
            runs.add(new String[] {"demo", "--out", out.toString()});
        }
        for (String[] args : runs) {
            assertRefusedUpFront(Cli.run(args), args);
        }
        assertTrue(Files.isDirectory(blocked));
        assertFalse(Files.exists(dir.resolve("model.json")));
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void aReadOnlyDirectoryIsRefusedBeforeTheWork() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        assumeTrue(readOnly.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(readOnly), "running as root: every directory is writable");
            for (String[] args : commandsWriting(readOnly.resolve("out"))) {
                Cli.Result result = Cli.run(args);
                assertRefusedUpFront(result, args);
                assertTrue(result.err().endsWith("the directory " + readOnly + " is not writable\n"), result.err());
            }
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aDirectoryWhereNoFileCanBeCreatedIsRefusedBeforeTheWorkEvenForTheSuperuser() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "no /proc file system here");
        for (String[] args : commandsWriting(proc.resolve("jgrad-out"))) {
            Cli.Result result = Cli.run(args);
            assertRefusedUpFront(result, args);
            assertTrue(result.err().endsWith("the directory /proc is not writable\n"), result.err());
        }
    }

    @Test
    void aFifoIsRefusedAndLeftInPlace() throws Exception {
        Path fifo = dir.resolve("fifo.dot");
        assumeTrue(makeFifo(fifo), "mkfifo is not available");
        for (String[] args : commandsWriting(fifo)) {
            Cli.Result result = Cli.run(args);
            assertRefusedUpFront(result, args);
            assertTrue(result.err().contains(fifo + ": is a special file (a device, FIFO or socket)"), result.err());
            assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        }
        assertEquals(List.of(fifo), listing());
    }

    @Test
    void aDeviceIsRefusedBeforeAnythingIsWritten() {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
        InputException e = assertThrows(InputException.class, () -> AtomicFiles.checkFile("-o", devNull));
        assertTrue(e.getMessage().startsWith("jgrad: -o /dev/null: is a special file"), e.getMessage());
    }

    @Test
    void aSymbolicLinkIsWrittenThroughToItsTarget() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        for (String[] args : commandsWriting(dir.resolve("link"))) {
            Path target = Files.writeString(real.resolve("target"), "old\n");
            Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("real", "target"));
            if (args[0].equals("graph")) {
                args[args.length - 1] = Files.createSymbolicLink(dir.resolve("link.dot"), target).toString();
            }
            Cli.Result result = Cli.run(args);
            assertEquals(0, result.status(), result.err());
            assertTrue(Files.isSymbolicLink(link), "the link stays a link");
            assertFalse(Files.readString(target).equals("old\n"), String.join(" ", args) + " wrote the target");
            Files.delete(link);
            Files.deleteIfExists(dir.resolve("link.dot"));
        }
    }

    @Test
    void aLongFileNameIsWrittenAndMessagesNeverNameTheTemporaryFile() throws IOException {
        Path longName = dir.resolve("p".repeat(251) + ".csv");
        Cli.Result result = Cli.run("predict", "--model", model.toString(), "--csv",
                TrainCommandTest.iris().toString(), "-o", longName.toString());
        assertEquals(0, result.status(), result.err());
        assertEquals(151, Files.readAllLines(longName).size());
        assertEquals(List.of(longName), listing());
    }

    @Test
    void dashIsStandardOutput() throws IOException {
        Cli.Result graph = Cli.run("graph", "x*y", "--at", "x=2,y=3", "-o", "-");
        assertEquals(0, graph.status(), graph.err());
        assertEquals(Cli.run("graph", "x*y", "--at", "x=2,y=3").out(), graph.out());
        Cli.Result predict = Cli.run("predict", "--model", model.toString(), "--csv",
                TrainCommandTest.iris().toString(), "-o", "-");
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().startsWith("species\n"), predict.out());
        assertEquals(151, predict.out().lines().count());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void theRuleIsInTheHelpOfEveryCommandThatWritesFiles() {
        for (String command : List.of("demo", "graph", "train", "predict")) {
            String help = Cli.run(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("Output paths are checked before the work starts"), command + ": " + help);
        }
    }
}
