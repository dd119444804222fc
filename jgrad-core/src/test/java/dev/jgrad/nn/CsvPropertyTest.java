package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Generated tables: whatever finite numbers Java prints, the reader reads back exactly. */
class CsvPropertyTest {

    @Provide
    Arbitrary<Double> anyFinite() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    }

    @Property(tries = 200)
    void printedNumbersReadBackExactly(@ForAll("anyFinite") double a, @ForAll("anyFinite") double b,
                                       @ForAll @IntRange(min = -1000, max = 1000) int c) {
        String text = "a,b,c\n" + a + "," + b + "," + c + "\n";
        Csv.Table t = Csv.parse("gen.csv", text);
        assertEquals(List.of("a", "b", "c"), t.header());
        assertArrayEquals(new double[] {a, b, c}, t.rows()[0]);
    }

    @Property(tries = 200)
    void aWrongCellIsFoundAtItsPosition(@ForAll @IntRange(min = 1, max = 6) int rows,
                                        @ForAll @IntRange(min = 1, max = 4) int cols,
                                        @ForAll @IntRange(min = 0, max = 100) int where) {
        int badRow = where % rows;
        int badCol = where % cols;
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < cols; j++) {
            sb.append(j == 0 ? "" : ",").append("c").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sb.append(j == 0 ? "" : ",").append(i == badRow && j == badCol ? "x1" : Integer.toString(i + j));
            }
            sb.append('\n');
        }
        CsvException e = assertThrows(CsvException.class, () -> Csv.parse("gen.csv", sb.toString()));
        assertEquals("gen.csv:" + (badRow + 2) + ":" + (badCol + 1) + ": \"x1\" is not a number", e.getMessage());
    }
}
