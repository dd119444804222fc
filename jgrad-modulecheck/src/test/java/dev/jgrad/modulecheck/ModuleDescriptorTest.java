package dev.jgrad.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The descriptors of the built modules (the integration modules are automatic ones and only name themselves): each
 * carries the build's version, requires only {@code java.base} (and
 * {@code dev.jgrad.tensor} only {@code dev.jgrad} besides), opens nothing (so no one reflects into it), uses and
 * provides no services, and exports exactly its public packages to everyone, keeping packages named {@code internal}
 * to itself.
 */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor(Artifact artifact) {
        return ModuleFinder.of(artifact.location()).find(artifact.module)
                .orElseThrow(() -> new AssertionError("no module " + artifact.module + " in " + artifact.location()))
                .descriptor();
    }

    @Test
    void theCoreIsAnExplicitModuleNeedingOnlyJavaBase() {
        assertExplicitModuleRequiring(Artifact.CORE, Set.of("java.base"));
    }

    @Test
    void theTensorModuleNeedsOnlyTheCore() {
        ModuleDescriptor tensor = assertExplicitModuleRequiring(Artifact.TENSOR, Set.of("java.base", "dev.jgrad"));
        assertTrue(tensor.requires().stream().anyMatch(r -> r.name().equals("dev.jgrad")
                        && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                "dev.jgrad.tensor must require dev.jgrad transitively: its API returns the core's types");
    }

    private static ModuleDescriptor assertExplicitModuleRequiring(Artifact artifact, Set<String> requires) {
        ModuleDescriptor module = descriptor(artifact);
        assertFalse(module.isAutomatic(), module.name() + " must have a module-info, not be an automatic module");
        assertFalse(module.isOpen(), module.name() + " must not be an open module");
        assertEquals(requires,
                module.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.opens());
        assertEquals(Set.of(), module.uses());
        assertEquals(Set.of(), module.provides());
        return module;
    }

    @ParameterizedTest
    @EnumSource(value = Artifact.class, names = {"CORE", "TENSOR"})
    void carriesTheBuildsVersion(Artifact artifact) {
        String version = System.getProperty("jgrad.projectVersion");
        assertTrue(version != null, "system property jgrad.projectVersion (set by jgrad-modulecheck's POM)");
        assertEquals(version, descriptor(artifact).rawVersion().orElse("(none)"), "the module's version");
    }

    @ParameterizedTest
    @EnumSource(value = Artifact.class, names = {"CORE", "TENSOR"})
    void exportsExactlyThePublicPackages(Artifact artifact) {
        ModuleDescriptor module = descriptor(artifact);
        Set<String> publicPackages = new TreeSet<>();
        for (ClassFile c : artifact.classes()) {
            boolean topLevel = !c.name.contains("$");
            if (topLevel && (c.access & ClassFile.ACC_PUBLIC) != 0 && !isInternal(c.packageName())) {
                publicPackages.add(c.packageName());
            }
        }
        assertTrue(publicPackages.contains(artifact.module), "no public types found in " + artifact.location());
        Set<String> exported = new TreeSet<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            assertFalse(e.isQualified(), "export of " + e.source() + " is qualified: " + e.targets());
            exported.add(e.source());
        }
        assertEquals(publicPackages, exported, "module-info exports must be the packages with public types");
    }

    /** The integration modules, whose dependencies have no module-info of their own, name themselves in the jar. */
    @ParameterizedTest
    @EnumSource(value = Artifact.class, names = {"COMMONS_MATH", "HIPPARCHUS"})
    void integrationJarsNameTheirAutomaticModule(Artifact artifact) {
        assumeFalse(Files.isDirectory(artifact.location()), "a classes directory has no manifest: run ./mvnw verify");
        ModuleDescriptor module = ModuleFinder.of(artifact.location()).findAll().stream()
                .map(java.lang.module.ModuleReference::descriptor).findFirst()
                .orElseThrow(() -> new AssertionError("no module in " + artifact.location()));
        assertTrue(module.isAutomatic(), module.name() + " is expected to be automatic");
        assertEquals(artifact.module, module.name(), "Automatic-Module-Name of " + artifact.location());
    }

    private static boolean isInternal(String packageName) {
        return Arrays.asList(packageName.split("\\.")).contains("internal");
    }
}
