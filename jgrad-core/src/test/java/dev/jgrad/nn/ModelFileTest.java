package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.testing.Parallel;
import dev.jgrad.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    private static String example() throws IOException {
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/nn/example-model.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The 2-2-1 model of the package documentation's example file. */
    private static SavedModel exampleModel() {
        MLP mlp = new MLP(2, new int[] {2, 1}, new Activation[] {Activation.RELU, Activation.LINEAR}, 0);
        double[] params = {0.25, -0.5, 0.0, 1.0, 0.75, -0.125, 1.5, -2.0, 0.5};
        List<Value> p = mlp.parameters();
        for (int i = 0; i < params.length; i++) {
            p.get(i).setData(params[i]);
        }
        return new SavedModel(mlp, new Standardizer(new double[] {0.5, 0.25}, new double[] {0.875, 0.5}),
                "classify", List.of("x", "y"), "label", new double[] {0, 1});
    }

    /** A model with random parameters of every magnitude, so bit-exactness is really tested. */
    private static SavedModel randomModel(long seed) {
        Random r = new Random(seed);
        MLP mlp = new MLP(3, new int[] {7, 5, 3},
                new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.LINEAR}, seed);
        for (Value p : mlp.parameters()) {
            p.setData(r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        double[][] rows = new double[20][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {r.nextGaussian(), r.nextGaussian() * 1e3, r.nextDouble()};
        }
        return new SavedModel(mlp, Standardizer.fit(rows), "classify", List.of("a", "b c", "\"q\"\\é"), "kind",
                new double[] {3, 1.5, -2});
    }

    @Test
    void writesTheDocumentedFormat() throws IOException {
        assertEquals(example(), ModelFile.toJson(exampleModel()));
    }

    @Test
    void loadsTheDocumentedExampleAndPredictsByHand() throws IOException {
        Path file = dir.resolve("model.json");
        Files.writeString(file, example());
        SavedModel m = ModelFile.load(file);
        // standardized (1, 1); hidden relu(0.25 - 0.5) = 0, relu(-0.125 + 1 + 0.75) = 1.625; out 0.5 - 2·1.625
        assertArrayEquals(new double[] {-2.75}, m.outputs(new double[] {1.375, 0.75}));
        assertEquals(0.0, m.predict(new double[] {1.375, 0.75}));
        assertEquals(List.of("x", "y"), m.featureNames());
        assertEquals("label", m.target());
        assertEquals("classify", m.task());
        assertArrayEquals(new double[] {0, 1}, m.classLabels());
    }

    /**
     * {@code nn/iris-v1.json} was written by {@code jgrad train --hidden 3 --epochs 30} on the shipped iris.csv
     * before the format had text class labels: files in that format must keep loading, predicting and saving as then.
     */
    @Test
    void loadsAVersion1FileWrittenByAnEarlierJgrad() throws IOException {
        String text;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/nn/iris-v1.json")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SavedModel m = ModelFile.fromJson("iris-v1.json", text);
        assertEquals("classify", m.task());
        assertEquals("species", m.target());
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), m.featureNames());
        assertArrayEquals(new double[] {0, 1, 2}, m.classLabels());
        assertEquals(0.0, m.predict(new double[] {5.1, 3.5, 1.4, 0.2}));
        assertEquals(2.0, m.predict(new double[] {5.9, 3.0, 5.1, 1.8}));
        assertEquals(text, ModelFile.toJson(m));
    }

    /** Text class labels are written as version 2, an array of strings, and read back as the same names. */
    @Test
    void classNamesRoundTripAsVersion2() throws IOException {
        SavedModel example = exampleModel();
        List<String> names = List.of("a, \"b\"", "\u00e9t\u00e9 \ud83c\udf3b");
        SavedModel named = new SavedModel(example.model(), example.standardizer(), "classify", List.of("x", "y"),
                "label", null, names);
        String json = ModelFile.toJson(named);
        assertEquals(example().replace("\"version\": 1", "\"version\": 2")
                .replace("[0.0, 1.0]", "[\"a, \\\"b\\\"\", \"\u00e9t\u00e9 \ud83c\udf3b\"]"), json);
        Path file = dir.resolve("named.json");
        ModelFile.save(named, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(names, loaded.classNames());
        assertNull(loaded.classLabels());
        assertEquals(0.0, loaded.predict(new double[] {1.375, 0.75}));
        assertEquals("a, \"b\"", loaded.predictName(new double[] {1.375, 0.75}));
        assertNull(loaded.predictName(new double[] {Double.NaN, 0}));
        assertEquals(json, ModelFile.toJson(loaded));
    }

    @Test
    void malformedClassNamesAreRefused() throws IOException {
        String v2 = example().replace("\"version\": 1", "\"version\": 2");
        assertLoadError(": \"classLabels\" holds names, which need format version 2 (this file says version 1)",
                example().replace("[0.0, 1.0]", "[\"a\", \"b\"]"));
        assertLoadError(": classLabels[1]: expected a string, found the number 1",
                v2.replace("[0.0, 1.0]", "[\"a\", 1]"));
        assertLoadError(": inconsistent model: classNames[1] \"a\" repeats classNames[0]; each class needs a name "
                + "of its own", v2.replace("[0.0, 1.0]", "[\"a\", \"a\"]"));
        assertLoadError(": inconsistent model: classNames[0] is empty", v2.replace("[0.0, 1.0]", "[\"\", \"a\"]"));
        assertLoadError(": inconsistent model: classNames[1] \" a\" has spaces at its ends, which a CSV file of "
                + "predictions would not keep", v2.replace("[0.0, 1.0]", "[\"a\", \" a\"]"));
        assertLoadError(": inconsistent model: 3 class names for a model with 1 output (2 classes)",
                v2.replace("[0.0, 1.0]", "[\"a\", \"b\", \"c\"]"));
        // version 2 with numeric labels, as no jgrad writes it, still reads
        assertArrayEquals(new double[] {0, 1}, ModelFile.fromJson("v2", v2).classLabels());
        SavedModel m = exampleModel();
        assertEquals("a model has class labels or class names, not both", assertThrows(
                IllegalArgumentException.class, () -> new SavedModel(m.model(), null, "classify", null, null,
                        new double[] {0, 1}, List.of("a", "b"))).getMessage());
        assertThrows(IllegalStateException.class, () -> m.predictName(new double[] {0, 0}));
    }

    @Test
    void roundTripIsBitExact() {
        for (long seed = 0; seed < 5; seed++) {
            SavedModel original = randomModel(seed);
            Path file = dir.resolve("m" + seed + ".json");
            ModelFile.save(original, file);
            SavedModel loaded = ModelFile.load(file);
            List<Value> a = original.model().parameters();
            List<Value> b = loaded.model().parameters();
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(a.get(i).data()), Double.doubleToRawLongBits(b.get(i).data()));
            }
            assertEquals(original.standardizer(), loaded.standardizer());
            assertEquals(original.featureNames(), loaded.featureNames());
            assertArrayEquals(original.classLabels(), loaded.classLabels());
            assertArrayEquals(original.model().activations(), loaded.model().activations());
            Random r = new Random(seed);
            for (int t = 0; t < 100; t++) {
                double[] x = {r.nextGaussian(), r.nextGaussian() * 1e3, r.nextDouble()};
                assertArrayEquals(original.outputs(x), loaded.outputs(x));
                assertEquals(original.predict(x), loaded.predict(x));
            }
            assertEquals(ModelFile.toJson(original), ModelFile.toJson(loaded));
        }
    }

    @Test
    void namesWithUnpairedSurrogatesRoundTripThroughTheFile() {
        MLP mlp = MLP.of(1, 3, 1);
        List<String> names = List.of("\ud800", "a\udc00b", "\udc00\ud83d\ude00\ud800");
        SavedModel original = new SavedModel(mlp, null, "regress", names, "\ud83d", null);
        Path file = dir.resolve("surrogates.json");
        ModelFile.save(original, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(names, loaded.featureNames());
        assertEquals("\ud83d", loaded.target());
    }

    @Test
    void numbersRoundTripThroughTheJsonText() throws Exception {
        Random r = new Random(1);
        List<Double> specials = List.of(-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 0.1,
                1.0 / 3, 2.82879384806159E17, 1e23, 5e-324);
        List<Double> xs = new ArrayList<>(specials);
        while (xs.size() < 5000) {
            double x = Double.longBitsToDouble(r.nextLong());
            if (Double.isFinite(x)) {
                xs.add(x);
            }
        }
        for (double x : xs) {
            double back = (Double) Json.parse(Json.number(x));
            assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(back), Json.number(x));
        }
    }

    @Test
    void regressionAndMultiClassPredictions() {
        MLP one = new MLP(1, new int[] {1}, new Activation[] {Activation.LINEAR}, 0);
        one.parameters().get(0).setData(2);
        one.parameters().get(1).setData(0.5);
        SavedModel reg = new SavedModel(one, null, "regress", null, "y", null);
        assertEquals(6.5, reg.predict(new double[] {3}));
        SavedModel loaded = ModelFile.fromJson("r.json", ModelFile.toJson(reg));
        assertNull(loaded.standardizer());
        assertNull(loaded.featureNames());
        assertEquals(6.5, loaded.predict(new double[] {3}));

        MLP three = new MLP(1, new int[] {3}, new Activation[] {Activation.LINEAR}, 0);
        List<Value> p = three.parameters();
        p.get(0).setData(1);
        p.get(2).setData(-1);
        p.get(5).setData(0.5);
        SavedModel cls = new SavedModel(three, null, "classify", null, null, new double[] {10, 20, 30});
        assertEquals(10.0, cls.predict(new double[] {2}));
        assertEquals(20.0, cls.predict(new double[] {-2}));
        assertEquals(30.0, cls.predict(new double[] {0.25}));
        assertEquals("3 class labels for a model with 1 output (2 classes)", assertThrows(
                IllegalArgumentException.class,
                () -> new SavedModel(one, null, "classify", null, null, new double[] {1, 2, 3})).getMessage());
        assertEquals("1 class label for a model with 3 outputs", assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(three, null, "classify", null, null, new double[] {1})).getMessage());
        Standardizer twoFeatures = new Standardizer(new double[2], new double[] {1, 1});
        assertEquals("standardizer has 2 features, model has 1 input", assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(three, twoFeatures, "classify", null, null, null)).getMessage());
        MLP twoInputs = new MLP(2, new int[] {1}, new Activation[] {Activation.LINEAR}, 0);
        assertEquals("standardizer has 1 feature, model has 2 inputs", assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(twoInputs, new Standardizer(new double[1], new double[] {1}), "regress", null,
                        null, null)).getMessage());
        assertEquals("1 feature name, model has 2 inputs", assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(twoInputs, null, "regress", List.of("x"), null, null)).getMessage());
        assertEquals("2 feature names, model has 1 input", assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(three, null, "classify", List.of("x", "y"), null, null)).getMessage());
        assertEquals("featureNames[1]", assertThrows(NullPointerException.class,
                () -> new SavedModel(twoInputs, null, "regress", Arrays.asList("x", null), null, null)).getMessage());
        assertEquals("task \"classification\" must be \"classify\" or \"regress\"", assertThrows(
                IllegalArgumentException.class,
                () -> new SavedModel(one, null, "classification", null, null, null)).getMessage());
    }

    private ModelFileException loadFails(String text) throws IOException {
        Path file = dir.resolve("model.json");
        Files.writeString(file, text);
        return assertThrows(ModelFileException.class, () -> ModelFile.load(file));
    }

    private void assertLoadError(String message, String text) throws IOException {
        assertEquals(dir.resolve("model.json") + message, loadFails(text).getMessage());
    }

    @Test
    void futureVersionAndOtherFormatsAreRefused() throws IOException {
        String ok = example();
        assertLoadError(": format version 3 is newer than this jgrad reads (version 2); load it with a newer jgrad",
                ok.replace("\"version\": 1", "\"version\": 3"));
        assertLoadError(": \"version\" is 1.5; expected a whole number >= 1 (this jgrad reads versions 1 to 2)",
                ok.replace("\"version\": 1", "\"version\": 1.5"));
        assertLoadError(": \"version\" is 0; expected a whole number >= 1 (this jgrad reads versions 1 to 2)",
                ok.replace("\"version\": 1", "\"version\": 0"));
        assertLoadError(": \"version\" is missing; expected a whole number >= 1 (this jgrad reads versions 1 to 2)",
                ok.replace("\"version\": 1,", ""));
        assertLoadError(": not a jgrad model file (\"format\" is \"onnx\"; expected \"format\": \"jgrad-mlp\")",
                ok.replace("jgrad-mlp", "onnx"));
        assertLoadError(": not a jgrad model file (no \"format\" field; expected \"format\": \"jgrad-mlp\")",
                "{\"weights\": []}");
        assertLoadError(": not a jgrad model file (the top level is an array, expected an object with \"format\": "
                + "\"jgrad-mlp\")", "[1, 2]");
        assertLoadError(": empty file (truncated?); expected a jgrad model", "");
    }

    @Test
    void corruptFilesSayWhatAndWhere() throws IOException {
        String ok = example();
        ModelFileException truncated = loadFails(ok.substring(0, ok.indexOf("\"layers\"")));
        assertEquals(dir.resolve("model.json") + ":10:3: malformed JSON: expected a quoted key, found end of file "
                + "(truncated?)", truncated.getMessage());
        assertEquals(10, truncated.line());
        assertEquals(3, truncated.column());
        assertLoadError(":15:21: malformed JSON: expected ',' or ']' in an array, found '1'",
                ok.replace("[0.25, -0.5]", "[0.25, -0.5 1]"));
        assertLoadError(": layers[1].weights[0]: 1 number, expected 2", ok.replace("[1.5, -2.0]", "[1.5]"));
        assertLoadError(": layers[0].weights: 1 row for 2 biases; expected one row of weights per neuron",
                ok.replace("[0.25, -0.5],\n", ""));
        assertLoadError(": layers[1].weights: 2 rows for 1 bias; expected one row of weights per neuron",
                ok.replace("[1.5, -2.0]", "[1.5, -2.0], [1.5, -2.0]"));
        assertLoadError(": layers[0].activation: unknown activation \"gelu\" (expected one of relu, tanh, sigmoid, "
                + "linear)", ok.replace("\"relu\"", "\"gelu\""));
        assertLoadError(": layers[1].biases[0]: expected a number, found the string \"0.5\"",
                ok.replace("[0.5]", "[\"0.5\"]"));
        assertLoadError(": inputs: expected a whole number >= 1, found 0", ok.replace("\"inputs\": 2", "\"inputs\": 0"));
        assertLoadError(": standardizer.std[1]: 0 is not > 0", ok.replace("[0.875, 0.5]", "[0.875, 0]"));
        assertLoadError(": unknown field \"standardiser\" (version 1 fields: format, version, task, target, "
                + "featureNames, classLabels, standardizer, inputs, layers)", ok.replace("standardizer", "standardiser"));
        assertLoadError(": inconsistent model: 2 feature names, model has 3 inputs",
                ok.replace("\"inputs\": 2", "\"inputs\": 3").replace("[0.25, -0.5]", "[0.25, -0.5, 1]")
                        .replace("[1.0, 0.75]", "[1.0, 0.75, 1]").replace("\"standardizer\": {\"mean\": [0.5, 0.25], "
                                + "\"std\": [0.875, 0.5]}", "\"standardizer\": null"));
        assertLoadError(": inconsistent model: featureNames[1] \"x\" repeats featureNames[0]; each input needs a "
                + "name of its own", ok.replace("[\"x\", \"y\"]", "[\"x\", \"x\"]"));
        assertLoadError(": missing field \"task\"", ok.replace("\"task\": \"classify\",", ""));
        assertLoadError(": layers[1]: missing field \"biases\"", ok.replace("\"biases\": [0.5],", ""));
        assertLoadError(":4:3: malformed JSON: duplicate key \"version\"",
                ok.replace("\"task\"", "\"version\": 1,\n  \"task\""));
    }

    @Test
    void everyTruncationAndByteFlipGivesAModelFileErrorOrAModel() throws IOException {
        String ok = example();
        for (int cut = 0; cut < ok.length() - 2; cut++) {
            String prefix = ok.substring(0, cut);
            assertThrows(ModelFileException.class, () -> ModelFile.fromJson("model.json", prefix), prefix);
        }
        byte[] bytes = ok.getBytes(StandardCharsets.UTF_8);
        Random r = new Random(2);
        Path file = dir.resolve("flipped.json");
        for (int t = 0; t < 100; t++) {
            byte[] copy = bytes.clone();
            copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
            Files.write(file, copy);
            try {
                ModelFile.load(file);
            } catch (ModelFileException expected) {
                assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
            }
        }
        Files.write(file, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertEquals(file + ":1: not UTF-8 text: byte 0xFF at byte 2 of the line (byte 2 of the file)",
                assertThrows(ModelFileException.class, () -> ModelFile.load(file)).getMessage());
    }

    @Test
    void savingIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.json");
        ModelFile.save(exampleModel(), file);
        SavedModel big = randomModel(3);
        ModelFile.save(big, file);
        assertEquals(ModelFile.toJson(big), Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }

        SavedModel broken = randomModel(4);
        broken.model().parameters().get(3).setData(Double.NaN);
        assertEquals("layers[0].biases[0] is NaN; a model with non-finite parameters cannot be saved",
                assertThrows(IllegalArgumentException.class, () -> ModelFile.save(broken, file)).getMessage());
        assertEquals(ModelFile.toJson(big), Files.readString(file), "the old file is untouched");

        Path nowhere = dir.resolve("missing").resolve("model.json");
        assertThrows(UncheckedIOException.class, () -> ModelFile.save(big, nowhere));
        assertTrue(Files.notExists(nowhere.getParent()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void fourThreadsPredictExactlyWithOneLoadedModel() throws Exception {
        Path file = dir.resolve("model.json");
        ModelFile.save(randomModel(7), file);
        SavedModel model = ModelFile.load(file);
        Random r = new Random(3);
        double[][] inputs = new double[5000][];
        double[][] expected = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = new double[] {r.nextGaussian(), r.nextGaussian() * 1e3, r.nextDouble()};
            expected[i] = model.outputs(inputs[i]);
        }
        Parallel.run(4, thread -> {
            int offset = thread * 1000;
            int exact = 0;
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < inputs.length; k++) {
                    int i = (k + offset) % inputs.length;
                    double[] out = model.outputs(inputs[i]);
                    if (Arrays.equals(out, expected[i]) && model.predict(inputs[i]) == model.predict(inputs[i])) {
                        exact++;
                    }
                }
            }
            assertEquals(3 * inputs.length, exact);
        });
    }

    @Test
    void aNaNOutputPredictsNaNRatherThanAClass() {
        SavedModel binary = exampleModel();
        assertTrue(Double.isNaN(binary.outputs(new double[] {Double.NaN, 0})[0]));
        assertTrue(Double.isNaN(binary.predict(new double[] {Double.NaN, 0})));
        // outputs (x, -x, 0·x + 0.5): at x = ∞ the third is NaN, and the first, ∞, would win without it
        MLP three = new MLP(1, new int[] {3}, new Activation[] {Activation.LINEAR}, 0);
        List<Value> p = three.parameters();
        p.get(0).setData(1);
        p.get(1).setData(0);
        p.get(2).setData(-1);
        p.get(3).setData(0);
        p.get(4).setData(0);
        p.get(5).setData(0.5);
        SavedModel cls = new SavedModel(three, null, "classify", null, null, new double[] {10, 20, 30});
        assertEquals(10.0, cls.predict(new double[] {1e308}));
        assertTrue(Double.isNaN(cls.predict(new double[] {Double.POSITIVE_INFINITY})));
        SavedModel indices = new SavedModel(three, null, "classify", null, null, null);
        assertTrue(Double.isNaN(indices.predict(new double[] {Double.POSITIVE_INFINITY})));
    }

    @Test
    void aRepeatedClassLabelIsRefusedNamingIt() {
        MLP three = MLP.of(1, 1, 3);
        assertEquals("classLabels[2] (10.0) repeats classLabels[0]; each class needs a label of its own",
                assertThrows(IllegalArgumentException.class,
                        () -> new SavedModel(three, null, "classify", null, null, new double[] {10, 20, 10}))
                        .getMessage());
        assertEquals("classLabels[1] (0.0) repeats classLabels[0]; each class needs a label of its own",
                assertThrows(IllegalArgumentException.class,
                        () -> new SavedModel(MLP.of(1, 1, 1), null, "classify", null, null, new double[] {-0.0, 0}))
                        .getMessage());
        String json = ModelFile.toJson(new SavedModel(three, null, "classify", null, null, new double[] {1, 2, 3}));
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> ModelFile.fromJson("m.json", json.replace("[1.0, 2.0, 3.0]", "[1.0, 2.0, 2.0]")));
        assertTrue(e.getMessage().contains("classLabels[2] (2.0) repeats classLabels[1]"), e.getMessage());
    }

    @Test
    void minusZeroClassLabelIsSavedAsZero() {
        SavedModel model = new SavedModel(MLP.of(1, 2, 1), null, "classify", null, null, new double[] {-0.0, 1});
        assertEquals(0L, Double.doubleToRawLongBits(model.classLabels()[0]));
        String json = ModelFile.toJson(model);
        assertTrue(json.contains("\"classLabels\": [0.0, 1.0]"), json);
        SavedModel loaded = ModelFile.fromJson("m.json", json.replace("[0.0, 1.0]", "[-0.0, 1.0]"));
        assertEquals(0L, Double.doubleToRawLongBits(loaded.classLabels()[0]));
    }
}
