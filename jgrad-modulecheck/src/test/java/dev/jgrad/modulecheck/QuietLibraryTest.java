package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Grad;
import dev.jgrad.Op;
import dev.jgrad.ScalarFunction;
import dev.jgrad.Value;
import dev.jgrad.nn.Csv;
import dev.jgrad.nn.CsvException;
import dev.jgrad.nn.Dataset;
import dev.jgrad.nn.Datasets;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MLP;
import dev.jgrad.nn.ModelFile;
import dev.jgrad.nn.ModelFileException;
import dev.jgrad.nn.SavedModel;
import dev.jgrad.nn.Sgd;
import dev.jgrad.nn.Standardizer;
import dev.jgrad.tape.Tape;
import dev.jgrad.tape.Workspace;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.NoGrad;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.tensor.nn.Activation;
import dev.jgrad.tensor.nn.Adam;
import dev.jgrad.tensor.nn.Batches;
import dev.jgrad.tensor.nn.Dropout;
import dev.jgrad.tensor.nn.Linear;
import dev.jgrad.tensor.nn.Optimizer;
import dev.jgrad.tensor.nn.Sequential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Using the library writes nothing to standard output or error and leaves no new thread behind, from the first
 * use (class initialization: this class runs before the others in this module) through every op, backward passes on
 * a deep graph, non-finite values, the functional API, compiled tapes, training, saving and loading a model,
 * tensors (first and second order, both dtypes, printing), and errors of every kind (bad arguments, a bad CSV, a corrupt model file). The bytecode rules
 * ({@link LibraryRulesTest}) cover code this run does not reach; this test covers what they cannot see, such as
 * output through a stream the library was handed.
 */
@Order(1)
class QuietLibraryTest {

    @TempDir
    Path dir;

    @Test
    void usingTheLibraryPrintsNothingAndStartsNoThread() throws IOException {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(capture);
        System.setErr(capture);
        try {
            exerciseValues();
            exerciseGradAndTape();
            exerciseNetworksAndModelFiles(dir);
            exerciseTensors();
            exerciseTensorNetworks();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "jgrad printed");
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(threadsBefore);
        assertEquals(Set.of(), started, "jgrad left threads running");
    }

    private static void exerciseValues() {
        for (double x : new double[] {-2.5, 0, 0.5, 3, Double.NaN, Double.POSITIVE_INFINITY}) {
            for (Op op : Op.values()) {
                int arity = op.arity() == -1 ? 3 : op.arity();
                List<Value> operands = new ArrayList<>();
                for (int i = 0; i < arity; i++) {
                    operands.add(Value.of(x + i));
                }
                Value y = Value.apply(op, operands.toArray(Value[]::new));
                y.backward();
                y.backward();
                y.zeroGrad();
                assertTrue(y.toString().startsWith("Value("));
            }
        }

        Value a = Value.of(1.5);
        Value b = Value.of(-0.5);
        Value y = Value.where(a.sub(b), a.mul(b).exp(), a.div(b).abs().log())
                .add(Value.sum(a.sin(), b.cos(), a.sqrt(), b.tanh(), a.sigmoid(), b.relu(), a.sign()))
                .add(a.pow(b)).add(a.pow(2)).add(a.neg()).add(a.plus(b).minus(1).times(b).unaryMinus());
        y.backward();
        assertEquals(y, y.topologicalOrder().get(y.topologicalOrder().size() - 1));
        assertTrue(y.children().size() > 0 && y.inputs().size() > 0 && y.rule().isPresent() && !y.op().isEmpty());
        a.setData(2);

        Value chain = a;
        for (int i = 0; i < 200_000; i++) {
            chain = chain.mul(1.0000001).add(b);
        }
        chain.backward();

        assertThrows(NullPointerException.class, () -> a.add((Value) null));
        assertThrows(NullPointerException.class, () -> Value.sum((Value[]) null));
        assertThrows(IllegalArgumentException.class, () -> Value.apply(Op.ADD, a));
        assertEquals(0.0, Value.sum().data());
        assertThrows(IllegalStateException.class, () -> y.setData(0));
    }

    private static void exerciseGradAndTape() {
        ScalarFunction f = x -> x[0].mul(x[1]).add(x[0].sin()).pow(2);
        assertEquals(2, Grad.grad(f, 0.5, 3).length);
        assertEquals(2, Grad.hessian(f, 0.5, 3).length);
        assertEquals(4, Grad.derivatives(x -> x.exp().mul(x.cos()), 0.3, 3).length);
        assertThrows(IllegalArgumentException.class, () -> Grad.derivatives(Value::sin, 0.3, -1));

        Tape tape = Tape.record(new double[] {0.5, 3}, f::apply);
        Workspace w = tape.newWorkspace();
        double[] gradient = new double[2];
        w.gradient(new double[] {1, 2}, gradient);
        assertArrayEquals(Grad.grad(f, 1, 2), gradient, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> w.gradient(new double[] {1}, gradient));
    }

    private static void exerciseNetworksAndModelFiles(Path dir) throws IOException {
        Dataset moons = Datasets.moons(40, 0.1, 7);
        Standardizer standardizer = Standardizer.fit(moons.features());
        double[][] rows = standardizer.apply(moons.features());
        MLP mlp = MLP.of(3, 2, 8, 1);
        Sgd sgd = new Sgd(mlp.parameters(), 0.05);
        for (int step = 0; step < 3; step++) {
            List<Value> scores = new ArrayList<>();
            for (double[] row : rows) {
                scores.add(mlp.apply(row).get(0));
            }
            sgd.zeroGrad();
            Losses.bceWithLogits(scores, moons.targets()).add(Losses.l2(mlp.parameters()).mul(1e-4)).backward();
            sgd.step();
        }
        SavedModel model = new SavedModel(mlp, standardizer, SavedModel.CLASSIFY, List.of("x", "y"), "label",
                new double[] {0, 1});
        Path file = dir.resolve("model.json");
        ModelFile.save(model, file);
        SavedModel loaded = ModelFile.load(file);
        assertEquals(model.predict(moons.features()[0]), loaded.predict(moons.features()[0]));

        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, ModelFile.toJson(model).substring(0, 40));
        assertThrows(ModelFileException.class, () -> ModelFile.load(corrupt));
        assertThrows(UncheckedIOException.class, () -> ModelFile.load(dir.resolve("missing.json")));
        assertThrows(CsvException.class, () -> Csv.parse("bad.csv", "a,b\n1,x\n"));
    }

    private static void exerciseTensors() {
        for (DType dtype : DType.values()) {
            Tensor x = Tensor.of(new double[] {1, -2, Double.NaN, 4, 0, 0.5}, 2, 3).to(dtype).detach()
                    .requiresGrad(true);
            Tensor w = Tensor.ones(3, 2).to(dtype).detach().requiresGrad(true);
            Tensor loss = x.matmul(w).tanh().crossEntropy(1, 0).add(x.lgamma().log1p().sum())
                    .add(x.softmax(1).max()).add(Tensor.concat(List.of(x, x.transpose(0, 1).reshape(2, 3)), 0).mean());
            loss.backward();
            Tensor g = Tensor.gradients(x.mul(x).sum(), List.of(x), true).get(0);
            Tensor.gradients(g.sum(), List.of(x), false);
            assertTrue(loss.toString().startsWith("tensor(") && Tensor.zeros(50, 50).toString().contains("..."));
            try (NoGrad scope = Tensor.noGrad()) {
                assertEquals(2, x.matmul(w).argmax(1).length);
            }
            assertThrows(IllegalArgumentException.class, () -> x.add(Tensor.zeros(4)));
            assertThrows(IndexOutOfBoundsException.class, () -> x.crossEntropy(0, 7));
        }
    }

    private static void exerciseTensorNetworks() {
        Tensor x = Tensor.of(new double[] {1, -2, 0.5, 4, 0, 0.5}, 3, 2);
        Sequential net = Sequential.of(Linear.of(2, 4, Linear.Init.HE, 1), Activation.tanh(), Dropout.of(0.5, 2),
                Linear.of(4, 2, Linear.Init.XAVIER, 3, DType.FLOAT32), Activation.sigmoid());
        List<Optimizer> optimizers = List.of(dev.jgrad.tensor.nn.Sgd.of(net.parameters(), 0.1, 0.9, 1e-4),
                Adam.adamW(net.parameters(), 0.01).clipGradNorm(1));
        for (Optimizer opt : optimizers) {
            for (int[] batch : Batches.shuffled(3, 2, 4)) {
                net.zeroGrad();
                Tensor out = net.forward(x.indexSelect(0, batch));
                dev.jgrad.tensor.nn.Losses.crossEntropy(out, Batches.pick(new int[] {0, 1, 1}, batch))
                        .add(dev.jgrad.tensor.nn.Losses.mse(out, Tensor.zeros(out.shape())))
                        .add(dev.jgrad.tensor.nn.Losses.bceWithLogits(out, out.detach()))
                        .backward();
                opt.step();
            }
        }
        net.train(false);
        assertEquals(3, net.forward(x).argmax(1).length);
        assertThrows(IllegalStateException.class, () -> net.forward(x).assign(new double[6]));
    }
}
