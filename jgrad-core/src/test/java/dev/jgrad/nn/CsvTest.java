package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    private static CsvException fails(String text) {
        return assertThrows(CsvException.class, () -> Csv.parse("data.csv", text));
    }

    private static void assertError(String message, int line, int column, String text) {
        CsvException e = fails(text);
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
    }

    @Test
    void readsHeaderAndRows() {
        Csv.Table t = Csv.parse("data.csv", "a, b,c\n1,2.5,-3\n 4 ,1e-3,.5\n\n");
        assertEquals(List.of("a", "b", "c"), t.header());
        assertArrayEquals(new double[][] {{1, 2.5, -3}, {4, 0.001, 0.5}}, t.rows());
        assertEquals(1, t.column("b"));
        assertArrayEquals(new double[] {-3, 0.5}, t.columnValues(2));
        Dataset d = t.dataset("b");
        assertArrayEquals(new double[][] {{1, -3}, {4, 0.5}}, d.features());
        assertArrayEquals(new double[] {2.5, 0.001}, d.targets());
        assertEquals(List.of("a", "c"), t.featureNames("b"));
    }

    /** A cell reads as its nearest double, as Double.parseDouble reads it: a subnormal, or 0 below the smallest. */
    @Test
    void tinyCellsReadAsTheirNearestDouble() {
        double[] row = Csv.parse("data.csv", "a,b,c,d\n4.9e-324,1e-400,-1e-400,2.2250738585072014E-308\n").rows()[0];
        assertEquals(Double.MIN_VALUE, row[0]);
        assertEquals(0.0, row[1]);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(row[2]));
        assertEquals(Double.MIN_NORMAL, row[3]);
    }

    @Test
    void acceptsCrlfByteOrderMarkAndBlankLines() {
        Csv.Table t = Csv.parse("data.csv", "\uFEFFx,y\r\n1,2\r\n\r\n3,4\r\n\r\n");
        assertEquals(List.of("x", "y"), t.header());
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, t.rows());
        assertEquals(0, Csv.parse("data.csv", "x,y").rows().length);
    }

    @Test
    void exactErrorMessages() {
        assertError("data.csv:7:3: \"abc\" is not a number", 7, 3, "a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n"
                + "1,2,3,4\n1,2,abc,4\n");
        assertError("data.csv:5: 3 cells, header has 4", 5, 0, "a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n");
        assertError("data.csv:2: 5 cells, header has 4", 2, 0, "a,b,c,d\n1,2,3,4,\n");
        assertError("data.csv:2:2: \"\" is not a number", 2, 2, "a,b\n1,\n2,3\n");
        assertError("data.csv:3:1: \"NaN\" is not a number", 3, 1, "a\n1\nNaN\n");
        assertError("data.csv:2:1: \"0x10\" is not a number", 2, 1, "a\n0x10\n");
        assertError("data.csv:2:2: \"1e999\" is out of the range of a double", 2, 2, "a,b\n1,1e999\n");
        assertError("data.csv:1:2: empty column name", 1, 2, "a,,c\n");
        assertError("data.csv:1:3: duplicate column name \"a\" (also column 1)", 1, 3, "a,b,a\n");
        assertError("data.csv: empty file; expected a header line of column names", 1, 0, "\n\n");
    }

    @Test
    void readsQuotedCellsAsRfc4180Says() {
        Csv.Table t = Csv.parse("data.csv", "\"a,b\", \"say \"\"hi\"\"\" ,\"\u00e9\u00e8\",\"\"\"d\"\"\"\n"
                + "\"2.5\", \" -1e3 \" ,\"0\",\"7\"\r\n\"1\",2,3,\"4\"\n");
        assertEquals(List.of("a,b", "say \"hi\"", "\u00e9\u00e8", "\"d\""), t.header());
        assertEquals(2.5, t.rows()[0][0]);
        assertEquals(-1000, t.rows()[0][1]);
        assertArrayEquals(new double[] {1, 2, 3, 4}, t.rows()[1]);
    }

    @Test
    void malformedQuotingNamesLineAndColumn() {
        assertError("data.csv:2:2: the quote that opens this cell is not closed on its line (a quoted cell cannot "
                + "hold a line break)", 2, 2, "a,b\n1,\"2,5\n3\"\n");
        assertError("data.csv:1:1: the quote that opens this cell is not closed on its line (a quoted cell cannot "
                + "hold a line break)", 1, 1, "\"a,b\n");
        assertError("data.csv:3:2: \"x\" after the closing quote of the cell \"2\"; a quoted cell ends at its "
                + "closing quote (write a quote inside it as \"\")", 3, 2, "a,b\n1,2\n1,\"2\"x,3\n");
        assertError("data.csv:2:1: a quote inside the unquoted cell \"1\"5\"; quote the whole cell and double the "
                + "quotes in it (\"a\"\"b\")", 2, 1, "a,b\n1\"5,2\n");
        assertError("data.csv:2:2: \"\" is not a number", 2, 2, "a,b\n1,\"\"\n");
        assertError("data.csv:2:2: \"x,y\" is not a number", 2, 2, "a,b\n1,\"x,y\"\n");
        assertError("data.csv:2: 3 cells, header has 2", 2, 0, "a,b\n1,\"2\",3\n");
    }

    @Test
    void readLabeledReadsTextLabelsAsIndicesOfTheirSortedNames(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("l.csv"), "x,kind,y\n1,b,2\n3, \"a, \"\"A\"\"\" ,4\n5,b,6\n"
                + "7,\u00e9,8\n");
        Csv.Labeled l = Csv.readLabeled(file, "kind");
        assertEquals(List.of("a, \"A\"", "b", "\u00e9"), l.names());
        assertArrayEquals(new double[][] {{1, 1, 2}, {3, 0, 4}, {5, 1, 6}, {7, 2, 8}}, l.table().rows());
        assertNull(l.firstText(), "no numbers among the labels");
        // numbers and text together: every cell is a label, as text, and the first text cell is named
        Path mixed = Files.writeString(dir.resolve("m.csv"), "x,kind\n1,10\n2,9\n3,x\n4,9\n");
        Csv.Labeled m = Csv.readLabeled(mixed, "kind");
        assertEquals(List.of("10", "9", "x"), m.names());
        assertArrayEquals(new double[] {0, 1, 2, 1}, m.table().columnValues(1));
        assertEquals(mixed + ":4:2: \"x\"", m.firstText());
    }

    /** A line whose one cell is Unicode white space, such as a label jgrad predict wrote, is a row, not blank. */
    @Test
    void aLineOfUnicodeWhiteSpaceIsARowNotABlankLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("w.csv"), "kind\na\n\u3000\n \t\n\u2028\nb\n");
        Csv.Labeled l = Csv.readLabeled(file, "kind");
        assertEquals(List.of("a", "b", "\u2028", "\u3000"), l.names());
        assertArrayEquals(new double[] {0, 3, 2, 1}, l.table().columnValues(0));
        CsvException e = assertThrows(CsvException.class, () -> Csv.parse("d.csv", "x\n1\n\u3000\n"));
        assertEquals("d.csv:3:1: \"\\u3000\" is not a number", e.getMessage());
    }

    @Test
    void readLabeledReadsNumericLabelsAsReadDoes(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("n.csv"), "x,kind\n1,2\n3,\"-0.5\"\n5, 1e3\n");
        Csv.Labeled l = Csv.readLabeled(file, "kind");
        assertNull(l.names());
        assertArrayEquals(Csv.read(file).rows(), l.table().rows());
    }

    @Test
    void readLabeledRefusesEmptyLabelsTextFeaturesAndAMissingColumn(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("e.csv"), "x,kind\n1,a\n\n2, \n");
        CsvException e = assertThrows(CsvException.class, () -> Csv.readLabeled(empty, "kind"));
        assertEquals(empty + ":4:2: empty label in column \"kind\"", e.getMessage());
        assertEquals(4, e.line());
        Path text = Files.writeString(dir.resolve("t.csv"), "x,kind\n1,a\nb,a\n");
        assertEquals(text + ":3:1: \"b\" is not a number",
                assertThrows(CsvException.class, () -> Csv.readLabeled(text, "kind")).getMessage());
        assertEquals("no column \"k\" in " + text + " (columns: x, kind)",
                assertThrows(CsvException.class, () -> Csv.readLabeled(text, "k")).getMessage());
    }

    /** The grammar other readers share (jgrad-spark's NumericRows): what parse accepts, no more. */
    @Test
    void parseCellAcceptsExactlyTheCellsOfAFile() {
        for (String cell : List.of("3", " 7 ", "\t-0.5", "+.5", "5.", "1e-3", "2E+8", "1e-400")) {
            assertEquals(Csv.parse("data.csv", "a,b\n1," + cell + "\n").rows()[0][1], Csv.parseCell(cell), cell);
        }
        for (String cell : List.of("", " ", "NaN", "-Infinity", "0x1p3", "0x10", "1d", "2f", "1e", ".", "1_000", "١")) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> Csv.parseCell(cell), cell);
            assertEquals("\"" + cell.trim() + "\" is not a number", e.getMessage());
            assertEquals("data.csv:2:2: " + e.getMessage(), fails("a,b\n1," + cell + "\n").getMessage());
        }
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Csv.parseCell(" -1e309"));
        assertEquals("\"-1e309\" is out of the range of a double", e.getMessage());
        assertEquals("\"1\\u001B[0m\" is not a number", assertThrows(NumberFormatException.class,
                () -> Csv.parseCell("1\u001B[0m")).getMessage());
    }

    @Test
    void missingColumnNamesTheColumns() {
        Csv.Table t = Csv.parse("data.csv", "a,b,c\n1,2,3\n");
        CsvException e = assertThrows(CsvException.class, () -> t.column("foo"));
        assertEquals("no column \"foo\" in data.csv (columns: a, b, c)", e.getMessage());
        assertEquals(1, e.line());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> new Csv.Table(List.of("a", "b"), new double[][] {{1, 2}, {3}}));
        assertEquals("rows[1] has 1 value, header has 2", ragged.getMessage());
    }

    @Test
    void aMissingColumnIsAtTheHeadersLineAfterBlankLines() {
        Csv.Table t = Csv.parse("d.csv", "\n\na,b\n1,2");
        assertEquals(3, t.headerLine());
        CsvException e = assertThrows(CsvException.class, () -> t.column("c"));
        assertEquals("no column \"c\" in d.csv (columns: a, b)", e.getMessage());
        assertEquals(3, e.line());
        assertEquals(0, e.column());
        assertEquals(2, Csv.parse("d.csv", "\uFEFF\r\na,b\r\n").headerLine());
        assertEquals(1, new Csv.Table(List.of("a"), new double[0][]).headerLine());
        assertEquals("headerLine (0) must be >= 1", assertThrows(IllegalArgumentException.class,
                () -> new Csv.Table("d.csv", List.of("a"), new double[0][], 0)).getMessage());
    }

    @Test
    void aTableNamesAMissingHeaderNameOrRow() {
        assertEquals("header", assertThrows(NullPointerException.class,
                () -> new Csv.Table(null, new double[0][])).getMessage());
        assertEquals("header[1]", assertThrows(NullPointerException.class,
                () -> new Csv.Table(Arrays.asList("a", null), new double[0][])).getMessage());
        assertEquals("rows[1]", assertThrows(NullPointerException.class,
                () -> new Csv.Table(List.of("a"), new double[][] {{1}, null})).getMessage());
    }

    @Test
    void readsOnlyTheChosenColumns(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("some.csv"), "id,x,label\nfirst,1,\nsecond,2.5,NA\n");
        Csv.Table t = Csv.read(file, Set.of("x", "absent"));
        assertEquals(List.of("id", "x", "label"), t.header());
        assertArrayEquals(new double[][] {{Double.NaN, 1, Double.NaN}, {Double.NaN, 2.5, Double.NaN}}, t.rows());

        Files.writeString(file, "id,x\nfirst,1\nsecond,NA\n");
        CsvException bad = assertThrows(CsvException.class, () -> Csv.read(file, Set.of("x")));
        assertEquals(file + ":3:2: \"NA\" is not a number", bad.getMessage());
        Files.writeString(file, "id,x\nfirst,1,2\n");
        assertEquals(file + ":2: 3 cells, header has 2",
                assertThrows(CsvException.class, () -> Csv.read(file, Set.of("x"))).getMessage());
    }

    @Test
    void readsFilesAndNamesThemInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, "x,y\n1,2\n3,oops\n");
        CsvException e = assertThrows(CsvException.class, () -> Csv.read(file));
        assertEquals(file + ":3:2: \"oops\" is not a number", e.getMessage());
        Files.writeString(file, "x,y\n1,2\n");
        assertEquals(file.toString(), Csv.read(file).source());
        Files.writeString(file, "\r\n \nx,y\n1,2\n");
        assertEquals(3, Csv.read(file).headerLine());
        Path missing = dir.resolve("missing.csv");
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> Csv.read(missing));
        assertEquals("cannot read " + missing + ": no such file", io.getMessage());
    }
}
