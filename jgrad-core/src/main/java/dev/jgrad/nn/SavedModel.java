package dev.jgrad.nn;

import dev.jgrad.internal.Plural;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model with what is needed to use it on raw data: the network, the feature standardization it was trained
 * with, the task, and names. This is what {@link ModelFile} saves and loads.
 *
 * <p>Tasks: {@code "classify"} — the network outputs one score or logit (binary: class 1 where it is &gt; 0) or one
 * logit per class (multi-class: the largest wins); {@code "regress"} — the network has one output, the predicted
 * value.
 *
 * <p>Thread-safe for prediction: {@link #predict} and {@link #outputs} may be called from many threads at once, as
 * long as nobody trains the model meanwhile.
 *
 * @param model        the network
 * @param standardizer the standardization applied to raw features before the network, or {@code null} for none
 * @param task         {@code "classify"} or {@code "regress"}
 * @param featureNames the name of each input feature (such as CSV columns), all different, or {@code null}; a
 *                     name given twice would feed one column to two inputs
 * @param target       the name of the predicted column, or {@code null}
 * @param classLabels  for {@code "classify"}: the label of each class (2 for a one-output network, else one per
 *                     output), all different, or {@code null} to predict class indices; {@code null} for
 *                     {@code "regress"}. A label {@code -0.0} is kept as {@code 0.0}, the same number, so it prints
 *                     as {@code 0} (and repeats a label {@code 0.0})
 * @param classNames   for {@code "classify"}: the name of each class, for text labels such as {@code setosa} (as
 *                     many as {@code classLabels} would have), all different, none empty nor with spaces or
 *                     control characters at its ends (a CSV cell's, which its reader drops), or {@code null};
 *                     a model with names has no {@code classLabels}, and {@link #predict} gives the class index
 *                     ({@link #predictName} the name). {@code null} for {@code "regress"}
 */
public record SavedModel(MLP model, Standardizer standardizer, String task, List<String> featureNames, String target,
                         double[] classLabels, List<String> classNames) {

    /** The task of a classifier. */
    public static final String CLASSIFY = "classify";
    /** The task of a regression model. */
    public static final String REGRESS = "regress";

    /**
     * Checks that the parts fit together.
     *
     * @param model the network
     * @param standardizer the standardization applied to raw features before the network, or {@code null} for none
     * @param task {@code "classify"} or {@code "regress"}
     * @param featureNames the name of each input feature (such as CSV columns), all different, or {@code null}
     * @param target the name of the predicted column, or {@code null}
     * @param classLabels the label of each class of a classifier, all different, or {@code null}
     * @param classNames the name of each class of a classifier, all different and none empty, or {@code null}; not
     *                   with {@code classLabels}
     * @throws IllegalArgumentException naming the mismatch, or the label or name that repeats another
     */
    public SavedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(task, "task");
        if (!task.equals(CLASSIFY) && !task.equals(REGRESS)) {
            throw new IllegalArgumentException("task \"" + task + "\" must be \"classify\" or \"regress\"");
        }
        if (standardizer != null && standardizer.features() != model.inputs()) {
            throw new IllegalArgumentException("standardizer has " + Plural.of(standardizer.features(), "feature")
                    + ", model has " + Plural.of(model.inputs(), "input"));
        }
        if (featureNames != null) {
            for (int j = 0; j < featureNames.size(); j++) {
                Objects.requireNonNull(featureNames.get(j), "featureNames[" + j + "]");
            }
            featureNames = List.copyOf(featureNames);
            if (featureNames.size() != model.inputs()) {
                throw new IllegalArgumentException(Plural.of(featureNames.size(), "feature name") + ", model has "
                        + Plural.of(model.inputs(), "input"));
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int j = 0; j < featureNames.size(); j++) {
                Integer before = seen.putIfAbsent(featureNames.get(j), j);
                if (before != null) {
                    throw new IllegalArgumentException("featureNames[" + j + "] "
                            + FileFormatException.quote(featureNames.get(j)) + " repeats featureNames[" + before
                            + "]; each input needs a name of its own");
                }
            }
        }
        if (task.equals(REGRESS)) {
            if (model.outputs() != 1) {
                throw new IllegalArgumentException("a regression model has one output, this one has " + model.outputs());
            }
            if (classLabels != null || classNames != null) {
                throw new IllegalArgumentException("a regression model has no class labels");
            }
        }
        if (classNames != null) {
            if (classLabels != null) {
                throw new IllegalArgumentException("a model has class labels or class names, not both");
            }
            classNames = checkedNames(classNames, classes(model), model.outputs());
        }
        if (classLabels != null) {
            classLabels = classLabels.clone();
            int classes = classes(model);
            if (classLabels.length != classes) {
                throw new IllegalArgumentException(Plural.of(classLabels.length, "class label") + " for a model with "
                        + model.outputs() + (model.outputs() == 1 ? " output (2 classes)" : " outputs"));
            }
            Map<Double, Integer> seen = new HashMap<>();
            for (int i = 0; i < classLabels.length; i++) {
                if (!Double.isFinite(classLabels[i])) {
                    throw new IllegalArgumentException("classLabels[" + i + "] (" + classLabels[i] + ") must be finite");
                }
                classLabels[i] += 0.0;
                Integer before = seen.putIfAbsent(classLabels[i], i);
                if (before != null) {
                    throw new IllegalArgumentException("classLabels[" + i + "] (" + classLabels[i]
                            + ") repeats classLabels[" + before + "]; each class needs a label of its own");
                }
            }
        }
    }

    /**
     * A model without class names: {@code classLabels} gives numeric labels, or {@code null} class indices.
     *
     * @param model the network
     * @param standardizer the standardization applied to raw features before the network, or {@code null} for none
     * @param task {@code "classify"} or {@code "regress"}
     * @param featureNames the name of each input feature (such as CSV columns), all different, or {@code null}
     * @param target the name of the predicted column, or {@code null}
     * @param classLabels the label of each class of a classifier, all different, or {@code null}
     * @throws IllegalArgumentException naming the mismatch, or the label that repeats another
     */
    public SavedModel(MLP model, Standardizer standardizer, String task, List<String> featureNames, String target,
            double[] classLabels) {
        this(model, standardizer, task, featureNames, target, classLabels, null);
    }

    private static List<String> checkedNames(List<String> names, int classes, int outputs) {
        for (int i = 0; i < names.size(); i++) {
            Objects.requireNonNull(names.get(i), "classNames[" + i + "]");
        }
        List<String> copy = List.copyOf(names);
        if (copy.size() != classes) {
            throw new IllegalArgumentException(Plural.of(copy.size(), "class name") + " for a model with "
                    + outputs + (outputs == 1 ? " output (2 classes)" : " outputs"));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < copy.size(); i++) {
            // an empty name would read as no prediction in a CSV file of predictions, and spaces at a name's ends
            // are dropped by the CSV reader, so the name would not read back
            if (copy.get(i).isEmpty()) {
                throw new IllegalArgumentException("classNames[" + i + "] is empty");
            }
            if (copy.get(i).trim().length() != copy.get(i).length()) {
                throw new IllegalArgumentException("classNames[" + i + "] " + FileFormatException.quote(copy.get(i))
                        + " has spaces at its ends, which a CSV file of predictions would not keep");
            }
            Integer before = seen.putIfAbsent(copy.get(i), i);
            if (before != null) {
                throw new IllegalArgumentException("classNames[" + i + "] " + FileFormatException.quote(copy.get(i))
                        + " repeats classNames[" + before + "]; each class needs a name of its own");
            }
        }
        return copy;
    }

    /** The number of classes of a classifier: 2 for one output, else the number of outputs. */
    private static int classes(MLP model) {
        return model.outputs() == 1 ? 2 : model.outputs();
    }

    /**
     * The network's outputs for raw features: standardized first, if the model has a standardizer.
     *
     * @param features the raw features, one per input
     * @return the network's outputs (scores, logits or the regression value)
     */
    public double[] outputs(double[] features) {
        Objects.requireNonNull(features, "features");
        return model.predict(standardizer == null ? features : standardizer.apply(features));
    }

    /**
     * The prediction for raw features: for {@code "regress"} the value; for {@code "classify"} the class label (the
     * class index when there are no labels, as for a model with class names) of class 1 if the one output is
     * &gt; 0 else class 0, or of the largest of several outputs (the first on ties).
     *
     * <p>NaN where an output is NaN (a NaN feature, or an overflow inside the network such as {@code ∞ - ∞}), for
     * either task: a NaN score is neither &gt; 0 nor &le; 0 and a NaN logit is not comparable with the others, so no
     * class is predicted rather than class 0 or the first class.
     *
     * @param features the raw features, one per input
     * @return the predicted value or class label, or NaN
     */
    public double predict(double[] features) {
        double[] out = outputs(features);
        for (double o : out) {
            if (Double.isNaN(o)) {
                return Double.NaN;
            }
        }
        if (task.equals(REGRESS)) {
            return out[0];
        }
        int best = 0;
        if (out.length == 1) {
            best = out[0] > 0 ? 1 : 0;
        } else {
            for (int j = 1; j < out.length; j++) {
                if (out[j] > out[best]) {
                    best = j;
                }
            }
        }
        return classLabels == null ? best : classLabels[best];
    }

    /**
     * The prediction of a classifier with class names, as its name: the name of the class {@link #predict} gives.
     *
     * @param features the raw features, one per input
     * @return the class name, or {@code null} where {@link #predict} gives NaN
     * @throws IllegalStateException if the model has no class names
     */
    public String predictName(double[] features) {
        if (classNames == null) {
            throw new IllegalStateException("the model has no class names");
        }
        double index = predict(features);
        return Double.isNaN(index) ? null : classNames.get((int) index);
    }

    /**
     * The class labels (a copy), or {@code null}.
     *
     * @return the class labels (a copy), or {@code null}
     */
    @Override
    public double[] classLabels() {
        return classLabels == null ? null : classLabels.clone();
    }
}
