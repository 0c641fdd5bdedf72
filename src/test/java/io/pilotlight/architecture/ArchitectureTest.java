package io.pilotlight.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.pilotlight.cli.planted.SleepingCommand;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md ("Layout"), kept true, over production classes only. Plain JUnit tests
 * rather than the ArchUnit engine's {@code @ArchTest} fields, which surefire's {@code -Dtest=}
 * filter silently runs as zero tests.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pilotlight");

    /** Classes of {@code layer} use nothing of io.pilotlight but their own package and {@code allowed}. */
    static ArchRule usesOnly(String layer, String... allowed) {
        String[] packages = new String[allowed.length + 1];
        packages[0] = "io.pilotlight." + layer + "..";
        for (int i = 0; i < allowed.length; i++) {
            packages[i + 1] = "io.pilotlight." + allowed[i] + "..";
        }
        return noClasses().that().resideInAPackage("io.pilotlight." + layer + "..")
                .should().dependOnClassesThat(resideInAPackage("io.pilotlight..").and(resideOutsideOfPackages(packages)));
    }

    @Test
    void nothingOutsideCliDependsOnCli() {
        noClasses().that().resideOutsideOfPackage("io.pilotlight.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.pilotlight.cli..")
                .because("cli is the top layer: it reads arguments and prints; nothing else knows it")
                .check(CLASSES);
    }

    @Test
    void progressUsesNothingOfPilotlight() {
        usesOnly("progress").because("progress is the bottom layer every package may use").check(CLASSES);
    }

    @Test
    void storeUsesNothingOfPilotlight() {
        usesOnly("store").because("store knows keys and bytes only").check(CLASSES);
    }

    @Test
    void cryptoUsesNothingOfPilotlight() {
        usesOnly("crypto").because("the choice of JCA provider is process-wide, made once at start-up by the cli")
                .check(CLASSES);
    }

    @Test
    void nbdUsesNothingOfPilotlight() {
        usesOnly("nbd").because("the NBD client is a library of its own, used by sources and targets").check(CLASSES);
    }

    @Test
    void sparseUsesNothingOfPilotlight() {
        usesOnly("sparse").because("holes in files are a library of their own, for targets and sources").check(CLASSES);
    }

    @Test
    void retentionUsesNothingOfPilotlight() {
        usesOnly("retention").because("the retention policy is a pure function of points, a policy and a zone,"
                + " tested on dates alone").check(CLASSES);
    }

    @Test
    void daemonUsesTheLibraryButNotCli() {
        usesOnly("daemon", "schedule", "metrics", "replicate", "recovery", "repo", "source", "progress", "cloud",
                "status", "alert")
                .because("the daemon is policy over the library (jobs, history, metrics, API, signals); the cli reads"
                        + " the config and hands it a typed plan").check(CLASSES);
    }

    @Test
    void reportReadsHistoryAndRepositoriesButNotCli() {
        usesOnly("report", "daemon", "schedule", "repo", "recovery", "progress", "rpo",
                "html")
                .because("a report is made from the daemon's run history and the repositories; the cli reads the"
                        + " config and hands it a scope and sinks").check(CLASSES);
    }

    @Test
    void scheduleUsesNothingBelowButProgress() {
        usesOnly("schedule", "progress").because("the scheduler is policy (when jobs run); the daemon hands it the"
                + " work as Jobs, so it knows nothing of what they replicate, follow or verify").check(CLASSES);
    }

    @Test
    void alertUsesOnlyScheduleAndExec() {
        usesOnly("alert", "schedule", "exec", "progress", "rpo", "html").because("alerts learn from scheduler events"
                + " and values the"
                + " daemon hands them; a command channel runs through the one external-command runner").check(CLASSES);
    }

    @Test
    void metricsUsesOnlyScheduleAndProgress() {
        usesOnly("metrics", "schedule", "progress").because("the daemon reads repositories and stores and hands the"
                + " metrics plain values; metrics opens neither").check(CLASSES);
    }

    @Test
    void statusRendersPlainValuesOnly() {
        usesOnly("status", "progress", "rpo", "html").because("the daemon reads repositories, history and"
                + " scheduler and hands the status page plain values; the page opens nothing").check(CLASSES);
    }

    @Test
    void rpoUsesOnlyHtml() {
        usesOnly("rpo", "html").because("the RPO levels and chart are shared by status, report and alert, below all"
                + " three").check(CLASSES);
    }

    @Test
    void htmlUsesNothingOfPilotlight() {
        usesOnly("html").because("escaping text for HTML is a library of its own").check(CLASSES);
    }

    @Test
    void repoUsesOnlyStoreAndProgress() {
        usesOnly("repo", "store", "progress", "retention")
                .because("repo owns the format and knows nothing of sources, targets or the command line;"
                        + " forget decides with the pure retention library")
                .check(CLASSES);
    }

    @Test
    void repairWorksThroughTheRepositoryAndNoCoreRepoClassUsesIt() {
        usesOnly("repo.repair", "repo", "store", "progress")
                .because("repair works through the repository's roles; it reads no arguments and prints nothing")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.pilotlight.repo")
                .should().dependOnClassesThat().resideInAPackage("io.pilotlight.repo.repair..")
                .because("readers and writers isolate damage on their own; repair is a feature on top")
                .check(CLASSES);
    }

    @Test
    void pruneUsesOnlyRepoStoreAndProgressAndNoCoreRepoClassUsesIt() {
        usesOnly("repo.prune", "repo", "store", "progress")
                .because("prune works through the repository's roles; it reads no arguments and prints nothing")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.pilotlight.repo")
                .should().dependOnClassesThat().resideInAPackage("io.pilotlight.repo.prune..")
                .because("every writer and reader honours plans through the core; prune itself is a feature on top")
                .check(CLASSES);
    }

    @Test
    void sourceUsesOnlyNbdVsphereAndProgress() {
        usesOnly("source", "nbd", "vsphere", "qemu", "exec", "sparse", "progress").because("a source reads a disk (some over NBD, some from"
                        + " vSphere); it knows nothing of repositories")
                .check(CLASSES);
    }

    @Test
    void vsphereUsesNothingOfPilotlight() {
        usesOnly("vsphere").because("the vSphere SOAP client is a library of its own, used by sources")
                .check(CLASSES);
    }

    @Test
    void replicateUsesOnlyRepoSourceAndProgress() {
        usesOnly("replicate", "repo", "source", "progress")
                .because("replicate goes through repo, never to the store, and knows nothing of restore")
                .check(CLASSES);
    }

    @Test
    void recoveryUsesOnlyRepoNbdSparseAndProgress() {
        usesOnly("recovery", "repo", "progress", "nbd", "sparse", "qemu", "exec")
                .because("restore, follow and serve read through repo only; serve exports through nbd; holes through sparse")
                .check(CLASSES);
    }

    @Test
    void recoveryImagesKnowNoRecoveryFeature() {
        usesOnly("recovery.image", "repo", "progress", "sparse")
                .because("image holds what every recovery feature shares (targets, locks, grain writers) and none of them")
                .check(CLASSES);
    }

    @Test
    void recoveryFeaturesUseOnlyImagesAndWhatTheyBuildOn() {
        usesOnly("recovery.restore", "recovery.image", "repo", "progress", "sparse")
                .because("a restore writes images; it knows nothing of follow, serve or export").check(CLASSES);
        usesOnly("recovery.follow", "recovery.restore", "recovery.image", "repo", "progress", "sparse")
                .because("a follower restores in full the first time, then applies deltas").check(CLASSES);
        usesOnly("recovery.serve", "recovery.image", "repo", "progress", "nbd", "sparse")
                .because("serve exports points over NBD; it knows nothing of restore or follow").check(CLASSES);
        usesOnly("recovery.export", "recovery.serve", "recovery.image", "repo", "progress", "nbd", "sparse", "qemu",
                "exec")
                .because("an export converts what serve exports").check(CLASSES);
    }

    @Test
    void drillsBootWhatServeExportsAndKnowNoOtherRecoveryFeature() {
        usesOnly("recovery.drill", "recovery.serve", "recovery.image", "recovery.libvirt", "repo", "nbd", "qemu", "exec",
                "progress")
                .because("a drill boots what serve exports through QEMU; it knows nothing of restore, follow or export")
                .check(CLASSES);
    }

    @Test
    void failoverStartsWhatDrillsBootAndFailbackReplicatesWhatFailoverLeft() {
        usesOnly("recovery.failover", "recovery.drill", "recovery.follow", "recovery.serve", "recovery.image",
                "recovery.libvirt", "repo", "qemu", "exec", "progress")
                .because("a failover boots like a drill, from a follower's standby or what serve exports").check(CLASSES);
        usesOnly("failback", "recovery.failover", "recovery.serve", "recovery.image", "replicate", "source", "repo",
                "nbd", "qemu", "progress")
                .because("a failback replicates the disks a failover left; replicate and recovery know nothing of it")
                .check(CLASSES);
    }

    @Test
    void savedDomainsAreReadWithTheJdkAlone() {
        usesOnly("recovery.libvirt").because("a saved domain XML is read and rewritten as XML; running it is drill's,"
                + " failover's or the operator's").check(CLASSES);
    }

    @Test
    void cloudReadsPointsThroughRepoOnly() {
        usesOnly("cloud", "repo", "progress")
                .because("a cloud sync reads restore points through repo, never the store, and prints nothing")
                .check(CLASSES);
    }

    @Test
    void sourceAdaptersDoNotUseEachOther() {
        for (String adapter : SOURCE_ADAPTERS) {
            noClasses().that().resideInAPackage("io.pilotlight.source." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherAdapters(adapter))
                    .because("each technology's adapter stands alone on the source contract")
                    .check(CLASSES);
        }
    }

    @Test
    void noPackageIsNamedAfterABuildDirectory() {
        noClasses().should().resideInAnyPackage("..target..", "..build..", "..out..")
                .because("tools hide build directories (STYLE.md, Layout)")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void execUsesNothingOfPilotlight() {
        usesOnly("exec").because("running external programs is a library of its own, used by qemu and the sources")
                .check(CLASSES);
    }

    @Test
    void qemuUsesOnlyExecAndNbd() {
        usesOnly("qemu", "exec", "nbd")
                .because("the QEMU tools (QMP, qemu-img, qemu-nbd) are a library used by sources and export; they know"
                        + " nothing of either")
                .check(CLASSES);
    }

    @Test
    void onlyExecStartsProcesses() {
        noClasses().that().resideOutsideOfPackage("io.pilotlight.exec..")
                .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
                .because("external programs run one way, through io.pilotlight.exec (timeouts, kill on interrupt,"
                        + " exit codes 14 and 15)")
                .check(CLASSES);
    }

    private static final List<String> SOURCE_ADAPTERS = List.of("file", "qemu", "vsphere", "libvirt");

    private static String[] otherAdapters(String adapter) {
        return SOURCE_ADAPTERS.stream().filter(other -> !other.equals(adapter))
                .map(other -> "io.pilotlight.source." + other + "..").toArray(String[]::new);
    }

    @Test
    void onlyRepoAndCliUseTheStore() {
        noClasses().that().resideOutsideOfPackages("io.pilotlight.store..", "io.pilotlight.repo..",
                        "io.pilotlight.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.pilotlight.store..")
                .because("repo is the only user of store; cli only builds the store it hands to repo")
                .check(CLASSES);
    }

    @Test
    void onlyCliExits() {
        noClasses().that().resideOutsideOfPackage("io.pilotlight.cli..")
                .should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "halt", int.class)
                .because("exit codes are mapped in one place, in cli")
                .check(CLASSES);
    }

    @Test
    void onlyCliWritesToStdoutOrStderr() {
        noClasses().that().resideOutsideOfPackage("io.pilotlight.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("stdout carries results and only cli writes it; everything else logs through SLF4J")
                .check(CLASSES);
    }

    @Test
    void noVagueClassNames() {
        noClasses().should().haveSimpleNameContaining("Util")
                .orShould().haveSimpleNameContaining("Helper")
                .orShould().haveSimpleNameContaining("Manager")
                .because("classes name roles or technologies (STYLE.md, Conventions)")
                .check(CLASSES);
    }

    /** Calls {@code owner.name(...)}, any overload. */
    private static DescribedPredicate<JavaMethodCall> calls(Class<?> owner, String name) {
        return DescribedPredicate.describe(owner.getSimpleName() + "." + name,
                call -> call.getTargetOwner().isEquivalentTo(owner) && call.getName().equals(name));
    }

    /** Policy (waits, shutdown order) lives below cli, with time injected (STYLE.md, Layout). */
    static ArchRule cliNeitherSleepsNorAddsShutdownHooks() {
        return noClasses().that().resideInAPackage("io.pilotlight.cli..")
                .should().callMethodWhere(calls(Thread.class, "sleep"))
                .orShould().callMethodWhere(calls(TimeUnit.class, "sleep"))
                .orShould().callMethodWhere(calls(Runtime.class, "addShutdownHook"))
                .because("loops, waits and shutdown order are policy: they live below cli (FollowWatcher, PointServer),"
                        + " with time injected, so a daemon runs what the commands run");
    }

    @Test
    void cliNeitherSleepsNorAddsShutdownHooksItself() {
        cliNeitherSleepsNorAddsShutdownHooks().check(CLASSES);
    }

    @Test
    void onlyCliParsesArguments() {
        noClasses().that().resideOutsideOfPackage("io.pilotlight.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .because("only cli reads arguments; every job below it is a library call a daemon can make")
                .check(CLASSES);
    }

    /** The sleep and shutdown-hook rule fails on a planted cli class (test code, imported on its own). */
    @Test
    void theSleepRuleFailsOnAPlantedViolation() {
        JavaClasses planted = new ClassFileImporter().importClasses(SleepingCommand.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cliNeitherSleepsNorAddsShutdownHooks().check(planted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(SleepingCommand.class.getName() + ".waitABit()")
                .hasMessageContaining("Thread.sleep(long, int)")
                .hasMessageContaining(SleepingCommand.class.getName() + ".holdOnAtExit()")
                .hasMessageContaining("Runtime.addShutdownHook(java.lang.Thread)");
    }

    /** The rules above must be able to fail: repo does use store. */
    @Test
    void aRuleThatTheCodeBreaksFails() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> usesOnly("repo", "progress").check(CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.pilotlight.store");
    }
}
