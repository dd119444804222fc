package dev.jgrad.nn;

import dev.jgrad.Value;
import dev.jgrad.internal.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves and loads trained models ({@link SavedModel}) as JSON files of the format {@code jgrad-mlp}, described in
 * the {@linkplain dev.jgrad.nn package documentation}: version 1, or version 2 for a model with class names (text
 * class labels), so a model without them is written as earlier jgrads wrote it and they can load it. No Java
 * serialization: the file is plain text any JSON reader can read.
 *
 * <p>Saving is atomic and durable: the file is written whole to a temporary file in the same directory, forced to the
 * storage device, then moved over the target, so a crash or a power loss leaves either the old file or the new one,
 * never half of one. Loading checks the format name and version first, then every field, and throws
 * {@link ModelFileException} saying what is wrong and where.
 */
public final class ModelFile {

    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "jgrad-mlp";
    /** The newest format version this jgrad reads and writes (only for a model with class names). */
    public static final int VERSION = 2;
    /** The version that added class names: {@code "classLabels"} may be an array of strings. */
    private static final int NAMES_VERSION = 2;
    /** The most bytes {@link #load} reads: 64 MiB, far more than any model jgrad can train needs. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private static final Set<String> FIELDS = Set.of("format", "version", "task", "target", "featureNames",
            "classLabels", "standardizer", "inputs", "layers");

    private ModelFile() {
    }

    /**
     * Writes a model file, atomically (temporary file forced to the device, then move; see {@link AtomicWrite}).
     *
     * @param m    the model
     * @param file where to write; replaced if it exists
     * @throws IllegalArgumentException if a parameter is not finite (a diverged model cannot be saved)
     * @throws UncheckedIOException     if the file cannot be written, or is a directory or a special file (the
     *                                  target is then left as it was); the message names the file
     */
    public static void save(SavedModel m, Path file) {
        Objects.requireNonNull(m, "m");
        Objects.requireNonNull(file, "file");
        byte[] json = toJson(m).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicWrite.write(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + e.getMessage(), e);
        }
    }

    /**
     * The model file's text.
     *
     * @param m the model
     * @return the JSON text, ending with a newline
     * @throws IllegalArgumentException if a parameter is not finite
     */
    public static String toJson(SavedModel m) {
        Objects.requireNonNull(m, "m");
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "format", Json.string(FORMAT));
        field(sb, "version", Integer.toString(m.classNames() == null ? 1 : NAMES_VERSION));
        field(sb, "task", Json.string(m.task()));
        field(sb, "target", m.target() == null ? "null" : Json.string(m.target()));
        field(sb, "featureNames", m.featureNames() == null ? "null" : Json.strings(m.featureNames()));
        field(sb, "classLabels", m.classNames() != null ? Json.strings(m.classNames())
                : m.classLabels() == null ? "null" : Json.numbers(m.classLabels()));
        Standardizer s = m.standardizer();
        field(sb, "standardizer", s == null ? "null"
                : "{\"mean\": " + Json.numbers(s.mean()) + ", \"std\": " + Json.numbers(s.std()) + "}");
        field(sb, "inputs", Integer.toString(m.model().inputs()));
        sb.append("  \"layers\": [");
        List<Layer> layers = m.model().layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            sb.append(l == 0 ? "\n" : ",\n");
            sb.append("    {\n      \"activation\": ").append(Json.string(layer.activation().label())).append(",\n");
            List<Neuron> neurons = layer.neurons();
            double[] biases = new double[neurons.size()];
            for (int n = 0; n < biases.length; n++) {
                biases[n] = finite(neurons.get(n).bias(), l, n, -1);
            }
            sb.append("      \"biases\": ").append(Json.numbers(biases)).append(",\n");
            sb.append("      \"weights\": [");
            for (int n = 0; n < neurons.size(); n++) {
                List<Value> w = neurons.get(n).weights();
                double[] row = new double[w.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = finite(w.get(i), l, n, i);
                }
                sb.append(n == 0 ? "\n" : ",\n").append("        ").append(Json.numbers(row));
            }
            sb.append("\n      ]\n    }");
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static void field(StringBuilder sb, String name, String json) {
        sb.append("  ").append(Json.string(name)).append(": ").append(json).append(",\n");
    }

    private static double finite(Value p, int layer, int neuron, int weight) {
        double x = p.data();
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("layers[" + layer + "]"
                    + (weight < 0 ? ".biases[" + neuron + "]" : ".weights[" + neuron + "][" + weight + "]")
                    + " is " + x + "; a model with non-finite parameters cannot be saved");
        }
        return x;
    }

    /**
     * Reads a model file: UTF-8, a leading byte-order mark skipped, LF, CRLF or CR line ends, at most
     * {@link #MAX_FILE_BYTES} bytes.
     *
     * @param file the file
     * @return the model, with parameters bit for bit as saved
     * @throws ModelFileException   if the file is not a jgrad model, is of a future version, corrupt or truncated, is
     *                              not UTF-8 (naming the line and byte) or is larger than the limit
     * @throws UncheckedIOException if the file cannot be read
     */
    public static SavedModel load(Path file) {
        Objects.requireNonNull(file, "file");
        String source = FileFormatException.shown(file.toString());
        String text;
        try (TextLines lines = new TextLines(Files.newInputStream(file), source, MAX_FILE_BYTES,
                (int) MAX_FILE_BYTES, (message, line) -> new ModelFileException(message, line, 0))) {
            text = lines.rest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + Csv.describe(e), e);
        }
        return fromJson(source, text);
    }

    /**
     * Reads a model from its file's text.
     *
     * @param source the name used in messages, such as the file name
     * @param text   the JSON text
     * @return the model
     * @throws ModelFileException if the text is not a valid model file
     */
    public static SavedModel fromJson(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new ModelFileException(source + ": empty file (truncated?); expected a jgrad model", 0, 0);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxError e) {
            String where = source + ":" + e.line + ":" + e.column;
            throw new ModelFileException(where + ": malformed JSON: " + e.getMessage(), e.line, e.column);
        }
        return new Reader(source).model(root);
    }

    /** Turns the parsed JSON into a model, with messages naming the field's path. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        SavedModel model(Object root) {
            if (!(root instanceof Map<?, ?> top)) {
                throw fail("not a jgrad model file (the top level is " + kind(root)
                        + ", expected an object with \"format\": \"" + FORMAT + "\")");
            }
            Object format = top.get("format");
            if (!FORMAT.equals(format)) {
                throw fail("not a jgrad model file (" + (format == null ? "no \"format\" field"
                        : "\"format\" is " + show(format)) + "; expected \"format\": \"" + FORMAT + "\")");
            }
            Object version = top.get("version");
            if (!(version instanceof Double v) || v != Math.rint(v) || v < 1) {
                throw fail("\"version\" is " + (version == null ? "missing" : show(version))
                        + "; expected a whole number >= 1 (this jgrad reads versions 1 to " + VERSION + ")");
            }
            if (v > VERSION) {
                throw fail("format version " + show(v) + " is newer than this jgrad reads (version " + VERSION
                        + "); load it with a newer jgrad");
            }
            for (Object key : top.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw fail("unknown field " + FileFormatException.quote(String.valueOf(key)) + " (version "
                            + show(v) + " fields: format, version, task, "
                            + "target, featureNames, classLabels, standardizer, inputs, layers)");
                }
            }
            String task = string(required(top, "task", ""), "task");
            String target = top.get("target") == null ? null : string(top.get("target"), "target");
            List<String> featureNames = top.get("featureNames") == null ? null
                    : strings(top.get("featureNames"), "featureNames");
            Object labels = top.get("classLabels");
            boolean named = labels instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String;
            if (named && v < NAMES_VERSION) {
                throw fail("\"classLabels\" holds names, which need format version " + NAMES_VERSION + " (this file "
                        + "says version " + show(v) + ")");
            }
            double[] classLabels = labels == null || named ? null : numbers(labels, "classLabels", -1);
            List<String> classNames = named ? strings(labels, "classLabels") : null;
            int inputs = count(required(top, "inputs", ""), "inputs");
            Standardizer standardizer = top.get("standardizer") == null ? null
                    : standardizer(top.get("standardizer"), inputs);
            MLP model = network(inputs, required(top, "layers", ""));
            try {
                return new SavedModel(model, standardizer, task, featureNames, target, classLabels, classNames);
            } catch (IllegalArgumentException e) {
                throw fail("inconsistent model: " + e.getMessage());
            }
        }

        private Standardizer standardizer(Object value, int inputs) {
            Map<?, ?> map = object(value, "standardizer");
            for (Object key : map.keySet()) {
                if (!key.equals("mean") && !key.equals("std")) {
                    throw fail("standardizer: unknown field " + FileFormatException.quote(String.valueOf(key))
                            + " (expected mean, std)");
                }
            }
            double[] mean = numbers(required(map, "mean", "standardizer: "), "standardizer.mean", inputs);
            double[] std = numbers(required(map, "std", "standardizer: "), "standardizer.std", inputs);
            for (int j = 0; j < std.length; j++) {
                if (!(std[j] > 0)) {
                    throw fail("standardizer.std[" + j + "]: " + show(std[j]) + " is not > 0");
                }
            }
            return new Standardizer(mean, std);
        }

        private MLP network(int inputs, Object value) {
            List<?> layerList = list(value, "layers");
            if (layerList.isEmpty()) {
                throw fail("layers: empty; a model has at least one layer");
            }
            int[] sizes = new int[layerList.size()];
            Activation[] activations = new Activation[sizes.length];
            List<double[]> biases = new ArrayList<>();
            List<double[][]> weights = new ArrayList<>();
            int in = inputs;
            for (int l = 0; l < sizes.length; l++) {
                String path = "layers[" + l + "]";
                Map<?, ?> layer = object(layerList.get(l), path);
                for (Object key : layer.keySet()) {
                    if (!key.equals("activation") && !key.equals("biases") && !key.equals("weights")) {
                        throw fail(path + ": unknown field " + FileFormatException.quote(String.valueOf(key))
                                + " (expected activation, biases, weights)");
                    }
                }
                String name = string(required(layer, "activation", path + ": "), path + ".activation");
                try {
                    activations[l] = Activation.parse(name);
                } catch (IllegalArgumentException e) {
                    throw fail(path + ".activation: " + e.getMessage());
                }
                double[] b = numbers(required(layer, "biases", path + ": "), path + ".biases", -1);
                if (b.length == 0) {
                    throw fail(path + ".biases: empty; a layer has at least one neuron");
                }
                List<?> rows = list(required(layer, "weights", path + ": "), path + ".weights");
                if (rows.size() != b.length) {
                    throw fail(path + ".weights: " + rows.size() + (rows.size() == 1 ? " row for " : " rows for ")
                            + b.length + (b.length == 1 ? " bias" : " biases")
                            + "; expected one row of weights per neuron");
                }
                double[][] w = new double[rows.size()][];
                for (int n = 0; n < w.length; n++) {
                    w[n] = numbers(rows.get(n), path + ".weights[" + n + "]", in);
                }
                sizes[l] = b.length;
                biases.add(b);
                weights.add(w);
                in = b.length;
            }
            MLP model = new MLP(inputs, sizes, activations, 0);
            for (int l = 0; l < sizes.length; l++) {
                List<Neuron> neurons = model.layers().get(l).neurons();
                for (int n = 0; n < sizes[l]; n++) {
                    List<Value> w = neurons.get(n).weights();
                    for (int i = 0; i < w.size(); i++) {
                        w.get(i).setData(weights.get(l)[n][i]);
                    }
                    neurons.get(n).bias().setData(biases.get(l)[n]);
                }
            }
            return model;
        }

        /** The value of a field that must be there (it may still be {@code null}, which the caller then refuses). */
        private Object required(Map<?, ?> map, String key, String where) {
            if (!map.containsKey(key)) {
                throw fail(where + "missing field \"" + key + "\"");
            }
            return map.get(key);
        }

        private Map<?, ?> object(Object value, String path) {
            if (value instanceof Map<?, ?> map) {
                return map;
            }
            throw fail(path + ": expected an object, found " + kind(value));
        }

        private List<?> list(Object value, String path) {
            if (value instanceof List<?> list) {
                return list;
            }
            throw fail(path + ": expected an array, found " + kind(value));
        }

        private String string(Object value, String path) {
            if (value instanceof String s) {
                return s;
            }
            throw fail(path + ": expected a string, found " + kind(value));
        }

        private List<String> strings(Object value, String path) {
            List<?> list = list(value, path);
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(string(list.get(i), path + "[" + i + "]"));
            }
            return out;
        }

        private int count(Object value, String path) {
            if (value instanceof Double d && d == Math.rint(d) && d >= 1 && d <= Integer.MAX_VALUE) {
                return d.intValue();
            }
            String found = value instanceof Double ? show(value) : kind(value);
            throw fail(path + ": expected a whole number >= 1, found " + found);
        }

        /** An array of finite numbers, of the given length unless it is -1. */
        private double[] numbers(Object value, String path, int length) {
            List<?> list = list(value, path);
            if (length >= 0 && list.size() != length) {
                throw fail(path + ": " + list.size() + (list.size() == 1 ? " number" : " numbers") + ", expected "
                        + length);
            }
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                Object x = list.get(i);
                if (!(x instanceof Double d)) {
                    throw fail(path + "[" + i + "]: expected a number, found " + kind(x));
                }
                if (!Double.isFinite(d)) {
                    throw fail(path + "[" + i + "]: number out of the range of a double");
                }
                out[i] = d;
            }
            return out;
        }

        private ModelFileException fail(String message) {
            return new ModelFileException(source + ": " + message, 0, 0);
        }

        private static String kind(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof Map) {
                return "an object";
            }
            if (value instanceof List) {
                return "an array";
            }
            if (value instanceof String s) {
                return "the string " + FileFormatException.quote(s);
            }
            if (value instanceof Double) {
                return "the number " + show(value);
            }
            return value.toString();
        }

        private static String show(Object value) {
            if (value instanceof Double d) {
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
            }
            return value instanceof String s ? FileFormatException.quote(s) : String.valueOf(value);
        }
    }
}
