package dev.jgrad.cli;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The 10,000 MNIST digits shipped in the jar ({@code dev/jgrad/cli/mnist/digits.gz}; provenance, format and licence
 * in {@code mnist.md} and {@code LICENSE} beside it) and their fixed split: record {@code i} (in file order) is a
 * test digit when {@code i mod 5 = 4}, a training digit otherwise, giving 8,000 and 2,000 digits with every class
 * split a fifth to the test set. The split does not depend on any seed.
 */
final class MnistData {

    /** The side of an image, in pixels. */
    static final int SIDE = 28;
    /** The pixels of an image. */
    static final int PIXELS = SIDE * SIDE;
    /** The number of digits shipped. */
    static final int COUNT = 10_000;
    /** Every {@code TEST_EVERY}-th record, from the {@code TEST_EVERY}-th on, is a test digit. */
    static final int TEST_EVERY = 5;
    /** The classes, the digits 0 to 9. */
    static final int CLASSES = 10;

    private static final String RESOURCE = "mnist/digits.gz";

    /**
     * Images and their labels.
     *
     * @param pixels the grey levels in [0, 1], image after image, {@link #PIXELS} each, row by row
     * @param labels the digit shown by each image
     */
    record Digits(float[] pixels, int[] labels) {

        /** The number of images. */
        int size() {
            return labels.length;
        }

        /**
         * Every {@code step}-th image, from the first: as the digits are grouped by class, a subset with every class
         * in proportion, for small runs.
         */
        Digits every(int step) {
            int k = (size() + step - 1) / step;
            float[] p = new float[k * PIXELS];
            int[] l = new int[k];
            for (int i = 0; i < k; i++) {
                System.arraycopy(pixels, i * step * PIXELS, p, i * PIXELS, PIXELS);
                l[i] = labels[i * step];
            }
            return new Digits(p, l);
        }
    }

    /**
     * The training and the test digits.
     *
     * @param train the 8,000 training digits, in file order
     * @param test  the 2,000 test digits, in file order
     */
    record Split(Digits train, Digits test) {
    }

    private MnistData() {
    }

    /**
     * Reads the shipped digits and splits them.
     *
     * @return the split
     * @throws UncheckedIOException if the resource is missing or damaged (a broken jar)
     */
    static Split load() {
        byte[] records = new byte[COUNT * (PIXELS + 1)];
        try (InputStream raw = MnistData.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IOException("the resource " + RESOURCE + " is missing from the jar");
            }
            try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
                in.readFully(records);
                if (in.read() != -1) {
                    throw new IOException(RESOURCE + " holds more than " + COUNT + " digits");
                }
            }
        } catch (EOFException e) {
            throw new UncheckedIOException(new IOException(RESOURCE + " holds fewer than " + COUNT + " digits", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int testCount = COUNT / TEST_EVERY;
        Digits train = new Digits(new float[(COUNT - testCount) * PIXELS], new int[COUNT - testCount]);
        Digits test = new Digits(new float[testCount * PIXELS], new int[testCount]);
        int trainAt = 0;
        int testAt = 0;
        for (int i = 0; i < COUNT; i++) {
            boolean isTest = i % TEST_EVERY == TEST_EVERY - 1;
            Digits into = isTest ? test : train;
            int at = isTest ? testAt++ : trainAt++;
            int record = i * (PIXELS + 1);
            into.labels()[at] = records[record];
            for (int p = 0; p < PIXELS; p++) {
                into.pixels()[at * PIXELS + p] = (records[record + 1 + p] & 0xff) / 255f;
            }
        }
        return new Split(train, test);
    }
}
