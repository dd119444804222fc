package dev.jgrad.tensor.nn;

import dev.jgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Modules applied one after another, the output of each the input of the next: PyTorch's {@code nn.Sequential}. */
public final class Sequential implements Module {

    private final List<Module> modules;
    private final List<Tensor> parameters;

    private Sequential(List<Module> modules) {
        this.modules = modules;
        List<Tensor> all = new ArrayList<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Module m : modules) {
            for (Tensor p : m.parameters()) {
                if (seen.add(p)) {
                    all.add(p);
                }
            }
        }
        this.parameters = List.copyOf(all);
    }

    /**
     * The composition of modules, first applied first.
     *
     * @param modules the modules, possibly none (the identity)
     * @return the sequence
     * @throws NullPointerException naming the position of a null module
     */
    public static Sequential of(Module... modules) {
        Objects.requireNonNull(modules, "modules");
        for (int i = 0; i < modules.length; i++) {
            Objects.requireNonNull(modules[i], "modules[" + i + "]");
        }
        return new Sequential(List.of(modules));
    }

    /**
     * The modules, in order (unmodifiable).
     *
     * @return the modules
     */
    public List<Module> modules() {
        return modules;
    }

    /** The input passed through every module in turn. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : modules) {
            x = m.forward(x);
        }
        return x;
    }

    /**
     * The parameters of every module, in module order (fixed at construction), each once: a module used twice (shared
     * weights) lists its parameters at its first place only, as PyTorch's {@code parameters()}, so an optimizer
     * steps each once.
     */
    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    /** Passes the mode on to every module. */
    @Override
    public void train(boolean training) {
        for (Module m : modules) {
            m.train(training);
        }
    }
}
