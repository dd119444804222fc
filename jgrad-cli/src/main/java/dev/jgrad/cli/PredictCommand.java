package dev.jgrad.cli;

import dev.jgrad.internal.Plural;
import dev.jgrad.nn.Csv;
import dev.jgrad.nn.CsvException;
import dev.jgrad.nn.SavedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgrad predict --model model.json --csv FILE [-o out.csv]}: one prediction per row of a CSV file. */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = {"Predicts one value per CSV row with a saved model.", "",
                "Predicts one value per row of a CSV file with a model saved by 'jgrad train --save': the "
                + "class label for a classifier (its name, as in the training file, for text labels), the value "
                + "for a regression model. The model's feature columns are "
                + "found by name and standardized as in training; other columns, such as the target or an id, are "
                + "ignored, and their cells may be empty or text.",
                "",
                "The output is a CSV file with one column named after the model's target (quoted as RFC 4180 "
                + "says if the name holds a comma, a quote or a line break) and one line per input row: NaN, or an "
                + "empty quoted cell (\"\") for text labels, where the network's output is not a number; -o writes "
                + "it whole or not at all (a temporary file, then a move). A bad CSV file is reported with its line "
                + "and column, a bad model file with what is wrong and where (exit status 2).",
                "",
                Main.OUTPUT_RULE},
        footerHeading = "%nExamples:%n",
        footer = {"  jgrad train --csv iris.csv --target species --save iris.json",
                  "  jgrad predict --model iris.json --csv iris.csv -o predictions.csv"})
final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model saved by 'jgrad train "
            + "--save'.")
    private Path modelFile;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The rows to predict: a header "
            + "line naming at least the model's feature columns, then rows with numbers in those columns. "
            + Inputs.CSV_LIMITS)
    private Path csv;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the predictions "
            + "(default, or -o -: standard output).")
    private Path output;

    /** Standard output is checked for a failed write after this many predictions, to stop early if it failed. */
    static final int CHECK_EVERY = 1024;

    @Override
    public Integer call() {
        boolean toFile = output != null && !AtomicFiles.isStandardOutput(output);
        if (toFile) {
            AtomicFiles.checkFile("-o", output);
            AtomicFiles.checkNotSameFile("-o", output, csv, "the --csv file");
            AtomicFiles.checkNotSameFile("-o", output, modelFile, "the --model file");
        }
        SavedModel model = Inputs.model(modelFile);
        // only the model's columns must be numbers: the rows to predict often have an empty target or a text id
        Csv.Table table = model.featureNames() == null ? Inputs.csv(csv)
                : Inputs.csv(csv, Set.copyOf(model.featureNames()));
        int[] columns = featureColumns(model, table);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder text = new StringBuilder();
        text.append(Predictions.csvField(model.target() == null ? "prediction" : model.target())).append('\n');
        double[] features = new double[columns.length];
        double[][] rows = table.rows();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                features[j] = rows[i][columns[j]];
            }
            text.append(prediction(model, features)).append('\n');
            if (!toFile && (i + 1) % CHECK_EVERY == 0) {
                out.print(text);
                text.setLength(0);
                Main.checkStandardOutput(out);
            }
        }
        if (toFile) {
            AtomicFiles.write(output, text.toString());
            out.println("wrote " + Plural.of(rows.length, "prediction") + " to " + output);
        } else {
            out.print(text);
        }
        out.flush();
        return 0;
    }

    /**
     * A row's prediction as a CSV field: the class name, if the model has names, or {@code ""} for none: an empty
     * line would be a blank line, which CSV readers (jgrad's, pandas) skip, so the rows after it would shift up.
     */
    private static String prediction(SavedModel model, double[] features) {
        if (model.classNames() == null) {
            return Predictions.format(model.predict(features));
        }
        String name = model.predictName(features);
        return name == null ? "\"\"" : Predictions.csvField(name);
    }

    /** The CSV column of each model input: by name when the model has names, else the first columns in order. */
    private int[] featureColumns(SavedModel model, Csv.Table table) {
        int inputs = model.model().inputs();
        int[] columns = new int[inputs];
        List<String> names = model.featureNames();
        if (names == null) {
            if (table.header().size() < inputs) {
                throw new InputException("jgrad: " + Echo.line(csv.toString()) + " has "
                        + Plural.of(table.header().size(), "column") + "; the model " + Echo.line(modelFile.toString())
                        + " needs " + Plural.of(inputs, "feature"));
            }
            for (int j = 0; j < inputs; j++) {
                columns[j] = j;
            }
            return columns;
        }
        for (int j = 0; j < inputs; j++) {
            try {
                columns[j] = table.column(names.get(j));
            } catch (CsvException e) {
                throw new InputException("jgrad: " + e.getMessage() + "; the model " + Echo.line(modelFile.toString()) + " needs the "
                        + "columns " + Echo.line(String.join(", ", names)), e);
            }
        }
        return columns;
    }
}
