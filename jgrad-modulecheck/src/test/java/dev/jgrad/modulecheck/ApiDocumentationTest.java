package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc of the library is complete: javac's doclint ({@code -Xdoclint:all/protected}) finds nothing to report on
 * any public or protected type, method or field of each published Java module's {@code src/main/java} (every
 * {@code @param}, {@code @return} and {@code @throws} there, no broken reference or HTML). Packages named
 * {@code internal} are not exported and are no part of the API: their comments are checked for broken references and
 * HTML, not for completeness. The compiler's own flag cannot fail the build on its own:
 * {@code -Werror} would also fail on the warning that the matrix product's incubating Vector API module always gets.
 */
class ApiDocumentationTest {

    /** The one warning javac always gives for {@code --add-modules jdk.incubator.vector}; it is about no comment. */
    private static final String INCUBATING = "compiler.warn.incubating.modules";

    /** What doclint's "missing" group reports: a comment or one of its tags that is not there. */
    private static final Pattern MISSING = Pattern.compile("no (comment|@param|@return|@throws)");

    @TempDir
    Path classes;

    @ParameterizedTest
    @EnumSource(Artifact.class)
    void doclintReportsNothingOnThePublicApi(Artifact artifact) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK, not a JRE: no system Java compiler");
        Path root = artifact.sources();
        assertTrue(Files.isDirectory(root), "no " + root.toAbsolutePath() + " (system property jgrad.root)");
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "--release", "17",
                "-Xdoclint:all/protected", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000"));
        if (artifact == Artifact.TENSOR) {
            options.addAll(List.of("--add-modules", "jdk.incubator.vector",
                    "--add-reads", artifact.module + "=jdk.incubator.vector"));
        }
        if (!artifact.explicit) {
            options.addAll(List.of("-classpath", System.getProperty("java.class.path")));
        } else if (artifact != Artifact.CORE) {
            options.addAll(List.of("--module-path", Artifact.CORE.location().toString()));
        }
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        }
        List<String> reports = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER)
                .filter(d -> !INCUBATING.equals(d.getCode()))
                .filter(d -> !(isInternal(root, d) && MISSING.matcher(d.getMessage(Locale.ROOT)).lookingAt()))
                .map(d -> describe(root, d))
                .collect(Collectors.toList());
        assertEquals(List.of(), reports, reports.size() + " doclint reports on the public API");
    }

    /** Whether the report is about a source in a package named {@code internal}, which the module does not export. */
    private static boolean isInternal(Path root, Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return false;
        }
        Path source = root.toAbsolutePath().relativize(Path.of(d.getSource().toUri()));
        for (Path part : source) {
            if (part.toString().equals("internal")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Path root, Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? "" : root.toAbsolutePath().relativize(Path.of(d.getSource().toUri()))
                + ":" + d.getLineNumber() + ": ";
        return where + d.getMessage(Locale.ROOT);
    }
}
