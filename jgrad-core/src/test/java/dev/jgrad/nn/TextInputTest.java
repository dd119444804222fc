package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How CSV and model files are read as bytes: encodings, byte-order marks, the three kinds of line end, size limits,
 * and error messages that quote file content safely.
 */
class TextInputTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertPrintable(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertTrue(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0x202e,
                    "raw U+" + Integer.toHexString(c) + " at " + i + " in " + message);
        }
    }

    @Test
    void crLfAndCrLfLineEndsAllEndLines() throws IOException {
        double[][] expected = {{1, 2}, {3, 4}, {5, 6}};
        for (String end : List.of("\n", "\r\n", "\r")) {
            String text = "a,b" + end + "1,2" + end + "3,4" + end + end + "5,6" + end;
            assertArrayEquals(expected, Csv.read(write("data.csv", text)).rows(), end);
            assertArrayEquals(expected, Csv.parse("data.csv", text).rows(), end);
        }
        Csv.Table mixed = Csv.read(write("mixed.csv", "\uFEFFa,b\r1,2\n3,4\r\n5,6"));
        assertEquals(List.of("a", "b"), mixed.header());
        assertArrayEquals(expected, mixed.rows());
        CsvException e = assertThrows(CsvException.class, () -> Csv.read(write("bad.csv", "a,b\r1,2\r3,x\r")));
        assertEquals(3, e.line());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedWithLineAndByte() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("a,b\n1,2\n3,".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xE9);
        bytes.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
        Path file = write("latin1.csv", bytes.toByteArray());
        CsvException e = assertThrows(CsvException.class, () -> Csv.read(file));
        assertEquals(file + ":3: not UTF-8 text: byte 0xE9 at byte 3 of the line (byte 11 of the file)",
                e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void aLineOverTheLimitIsRefusedNamingTheLine() throws IOException {
        String longLine = "1," + "2".repeat(Csv.MAX_LINE_BYTES);
        Path file = write("wide.csv", "a,b\n1,2\n" + longLine + "\n");
        CsvException e = assertThrows(CsvException.class, () -> Csv.read(file));
        assertEquals(file + ":3: line longer than 1 MiB (1048576 bytes); jgrad reads lines up to that length",
                e.getMessage());
        assertEquals(3, e.line());
        Path exact = write("exact.csv", "a\n0." + "1".repeat(Csv.MAX_LINE_BYTES - 5) + "e-0\n");
        assertEquals(1, Csv.read(exact).rows().length);
    }

    @Test
    void aFileOverTheLimitIsRefusedWithoutReadingItAll() throws IOException {
        Path file = dir.resolve("big.csv");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("a\n1\n".getBytes(StandardCharsets.US_ASCII));
            byte[] blank = new byte[1 << 20];
            java.util.Arrays.fill(blank, (byte) '\n');
            for (long written = 0; written <= Csv.MAX_FILE_BYTES; written += blank.length) {
                out.write(blank);
            }
        }
        CsvException e = assertThrows(CsvException.class, () -> Csv.read(file));
        assertEquals(file + ": larger than 32 MiB (33554432 bytes); jgrad reads files up to that size",
                e.getMessage());
    }

    @Test
    void anEndlessDeviceNeitherHangsNorFillsTheMemory() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CsvException csv = assertThrows(CsvException.class, () -> Csv.read(zero));
            assertTrue(csv.getMessage().startsWith("/dev/zero:1: line longer than 1 MiB"), csv.getMessage());
            ModelFileException model = assertThrows(ModelFileException.class, () -> ModelFile.load(zero));
            assertTrue(model.getMessage().startsWith("/dev/zero: larger than 64 MiB"), model.getMessage());
        });
    }

    @Test
    void longDigitStringsAreScannedInLinearTime() {
        String digits = "1".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CsvException bad = assertThrows(CsvException.class,
                    () -> Csv.parse("data.csv", "a,b\n1," + digits + "." + digits + "x\n"));
            assertTrue(bad.getMessage().length() < 200, bad.getMessage());
            assertEquals(2, bad.column());
            assertEquals(0.1111111111111111, Csv.parse("data.csv", "a\n0." + digits + "\n").rows()[0][0]);
        });
    }

    @Test
    void cellsNamesAndFileNamesAreQuotedShortAndEscaped() throws IOException {
        CsvException cell = assertThrows(CsvException.class,
                () -> Csv.parse("data.csv", "a,b\n1,red\u001b[31m" + "x".repeat(100_000) + "\n"));
        assertPrintable(cell.getMessage());
        assertTrue(cell.getMessage().startsWith("data.csv:2:2: \"red\\u001B[31mxxx"), cell.getMessage());
        assertTrue(cell.getMessage().length() < 200, cell.getMessage());
        CsvException name = assertThrows(CsvException.class,
                () -> Csv.parse("data.csv", "a\u202e,b,a\u202e\n1,2,3\n"));
        assertPrintable(name.getMessage());
        assertEquals("data.csv:1:3: duplicate column name \"a\\u202E\" (also column 1)", name.getMessage());
        Csv.Table wide = Csv.parse("data\u0007.csv", String.join(",",
                java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "x" + i).toList()) + "\n");
        CsvException missing = assertThrows(CsvException.class, () -> wide.column("y\u001b"));
        assertPrintable(missing.getMessage());
        assertTrue(missing.getMessage().startsWith("no column \"y\\u001B\" in data\\u0007.csv (columns: "),
                missing.getMessage());
        assertTrue(missing.getMessage().endsWith(", ... (1000 in all))"), missing.getMessage());
    }

    @Test
    void modelFilesAcceptAByteOrderMarkAndEveryLineEnd() throws IOException {
        MLP mlp = new MLP(2, new int[] {1}, new Activation[] {Activation.LINEAR}, 0);
        SavedModel model = new SavedModel(mlp, null, SavedModel.REGRESS, List.of("x", "y"), "z", null);
        String json = ModelFile.toJson(model);
        for (String end : List.of("\n", "\r\n", "\r")) {
            Path file = write("model.json", "\uFEFF" + json.replace("\n", end));
            SavedModel loaded = ModelFile.load(file);
            assertEquals(List.of("x", "y"), loaded.featureNames(), end);
        }
        ModelFileException syntax = assertThrows(ModelFileException.class,
                () -> ModelFile.load(write("broken.json", "\uFEFF{\r  \"format\": \"jgrad-mlp\",\r  oops\r}")));
        assertEquals(3, syntax.line(), syntax.getMessage());
        ModelFileException key = assertThrows(ModelFileException.class,
                () -> ModelFile.fromJson("m.json", json.replace("\"inputs\"", "\"\\u001b[2Jinputs\"")));
        assertPrintable(key.getMessage());
    }
}
