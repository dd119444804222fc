package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The descriptor of the built module: it carries the build's version, requires only {@code java.base}, opens nothing (so no one reflects into
 * it), uses and provides no services, and exports exactly its public packages to everyone, keeping packages named
 * {@code internal} to itself.
 */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = ModuleFinder.of(CoreArtifact.location()).find("dev.jgrad")
            .orElseThrow(() -> new AssertionError("no module dev.jgrad in " + CoreArtifact.location()))
            .descriptor();

    @Test
    void isAnExplicitModuleNeedingOnlyJavaBase() {
        assertFalse(module.isAutomatic(), "dev.jgrad must have a module-info, not be an automatic module");
        assertFalse(module.isOpen(), "dev.jgrad must not be an open module");
        assertEquals(Set.of("java.base"),
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.opens());
        assertEquals(Set.of(), module.uses());
        assertEquals(Set.of(), module.provides());
    }

    @Test
    void carriesTheBuildsVersion() {
        String version = System.getProperty("jgrad.projectVersion");
        assertTrue(version != null, "system property jgrad.projectVersion (set by jgrad-modulecheck's POM)");
        assertEquals(version, module.rawVersion().orElse("(none)"), "the module's version");
    }

    @Test
    void exportsExactlyThePublicPackages() {
        Set<String> publicPackages = new TreeSet<>();
        for (ClassFile c : CoreArtifact.classes()) {
            boolean topLevel = !c.name.contains("$");
            if (topLevel && (c.access & ClassFile.ACC_PUBLIC) != 0 && !isInternal(c.packageName())) {
                publicPackages.add(c.packageName());
            }
        }
        assertTrue(publicPackages.contains("dev.jgrad"), "no public types found in " + CoreArtifact.location());
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            assertFalse(e.isQualified(), "export of " + e.source() + " is qualified: " + e.targets());
            exported.add(e.source());
        }
        assertEquals(publicPackages, exported, "module-info exports must be the packages with public types");
    }

    private static boolean isInternal(String packageName) {
        return Arrays.asList(packageName.split("\\.")).contains("internal");
    }
}
