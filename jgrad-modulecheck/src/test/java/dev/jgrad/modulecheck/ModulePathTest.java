package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgrad-core and jgrad-tensor work as real modules: a program with its own module-info requiring {@code dev.jgrad}
 * and {@code dev.jgrad.tensor} compiles and runs with {@code --module-path} only, and a jlink image of exactly
 * {@code java.base}, {@code dev.jgrad} and {@code dev.jgrad.tensor} runs it. The program uses every exported package
 * of the core and prints the module jgrad was loaded from, gradients known by hand (from a graph, a compiled tape and
 * a tensor) and a model's prediction; any extra output (something jgrad printed) or any error output fails the check.
 */
class ModulePathTest {

    private static final String APP = "dev.jgrad.hello";
    private static final String EXPECTED = String.join(System.lineSeparator(),
            "jgrad module dev.jgrad: f = 21.0, df/dx = 10.0, df/dy = 4.0",
            "tape: f = 21.0, df/dx = 10.0, df/dy = 4.0",
            "loop tape: compiled loops = 1, df/dx0 = -51.0",
            "model: prediction at 3 = 6.5",
            "tensor module dev.jgrad.tensor: d(sum x^2)/dx = [2.0, -4.0, 6.0]",
            "");

    /** The library's modules, as one module path. */
    private static final String LIBRARY = Artifact.CORE.location() + File.pathSeparator + Artifact.TENSOR.location();

    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void compileTheProgramAgainstTheModule() throws IOException {
        Path sources = Path.of(System.getProperty("jgrad.moduleApp", "src/test/module-app")).resolve(APP);
        app = work.resolve("app");
        // javac runs as its own process: in this JVM it would take the test class path as its default class path.
        List<String> command = new ArrayList<>(List.of(jdkTool("javac"), "--release", "17", "-Xlint:all", "-Werror",
                "--module-path", LIBRARY, "-d", app.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).sorted().forEach(command::add);
        }
        assertEquals("", run(command.toArray(String[]::new)));
    }

    @Test
    void runsWithTheModulePathOnly() {
        String modulePath = LIBRARY + File.pathSeparator + app;
        assertEquals(EXPECTED, run(jdkTool("java"), "--module-path", modulePath, "-m", APP + "/" + APP + ".Main"));
    }

    @Test
    void jlinkImageOfJavaBaseAndJgradRunsIt() throws IOException {
        Path image = work.resolve("image");
        String modulePath = LIBRARY;
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (Files.isDirectory(jmods)) {
            modulePath += File.pathSeparator + jmods;
        }
        runTool("jlink", List.of("--module-path", modulePath, "--add-modules", "dev.jgrad,dev.jgrad.tensor",
                "--no-header-files", "--no-man-pages", "--output", image.toString()));

        Properties release = new Properties();
        try (var in = Files.newBufferedReader(image.resolve("release"))) {
            release.load(in);
        }
        assertEquals("\"java.base dev.jgrad dev.jgrad.tensor\"", release.getProperty("MODULES"),
                "dev.jgrad must need nothing but java.base, and dev.jgrad.tensor nothing more than dev.jgrad");

        Path java = image.resolve("bin").resolve("java");
        assertEquals(EXPECTED, run(java.toString(), "--module-path", app.toString(), "-m", APP + "/" + APP + ".Main"));
    }

    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static void runTool(String name, List<String> args) {
        ToolProvider tool = ToolProvider.findFirst(name)
                .orElseThrow(() -> new IllegalStateException(name + " not found: run the build on a JDK"));
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log, true);
        int status = tool.run(out, out, args.toArray(String[]::new));
        out.flush();
        assertEquals(0, status, () -> name + " " + args + " failed:\n" + log);
    }

    /**
     * Runs a command with no class path or options from the environment and returns its standard output; it must
     * exit with 0 and write nothing to standard error.
     */
    private static String run(String... command) {
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().remove("CLASSPATH");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            String stderr = Files.readString(err);
            assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + stderr);
            assertEquals("", stderr, () -> String.join(" ", command) + " wrote to standard error");
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
