package dev.jgrad.spark;

import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.SavedModel;
import java.io.Serializable;

/**
 * A saved model as shipped to executors: its model file's text, read back once per JVM on first use.
 */
final class ShippedModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String json;
    private transient volatile SavedModel model;

    ShippedModel(SavedModel model) {
        this.json = ModelFile.toJson(model);
        this.model = model;
    }

    SavedModel model() {
        SavedModel read = model;
        if (read == null) {
            synchronized (this) {
                read = model;
                if (read == null) {
                    read = ModelFile.fromJson("the shipped model", json);
                    model = read;
                }
            }
        }
        return read;
    }
}
