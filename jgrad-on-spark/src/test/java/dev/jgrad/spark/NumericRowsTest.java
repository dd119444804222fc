package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Cells read as numbers exactly as core's CSV reader reads them; rows built by hand, so no Spark session starts. */
class NumericRowsTest {

    private static final NumericRows READER = NumericRows.reading(List.of("x"));

    private static String problem(Object cell) {
        return READER.read(RowFactory.create(cell), null, new double[1]);
    }

    @Test
    void decimalCellsAreReadAsCoreReadsThem() {
        for (String cell : List.of("3", " 7 ", "-0.5", ".5", "1e-3", "2E+8")) {
            double[] values = new double[1];
            assertNull(READER.read(RowFactory.create(cell), null, values), cell);
            assertEquals(Double.parseDouble(cell), values[0], cell);
        }
    }

    @Test
    void cellsCoreRefusesAreRefused() {
        for (String cell : List.of("1d", "2f", "0x1p3", "NaN", "-Infinity", "1e")) {
            assertEquals("column \"x\": \"" + cell + "\" is not a number", problem(cell));
        }
        assertEquals("column \"x\": \"1e309\" is out of the range of a double", problem(" 1e309"));
        assertEquals("column \"x\" is missing", problem(" "));
        assertEquals("column \"x\" holds NaN, not a finite number", problem(Double.NaN));
    }
}
