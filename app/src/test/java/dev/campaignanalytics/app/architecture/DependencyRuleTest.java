package dev.campaignanalytics.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.campaignanalytics.core.forbidden.CoreClassThatImportsJdbc;
import dev.campaignanalytics.core.forbidden.CoreClassThatImportsTheHttpAdapter;
import dev.campaignanalytics.postgres.forbidden.AdapterClassThatBuildsACoreService;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies point inward only: the core knows no adapter and no framework, adapters don't know each other, and
 * only {@code app} sees everything.
 */
class DependencyRuleTest {
    private static final String BASE = "dev.campaignanalytics";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** The core may use the JDK and itself, nothing else. */
    static final ArchRule CORE_USES_ONLY_THE_JDK = noClasses()
            .that().resideInAPackage(BASE + ".core..")
            .should().dependOnClassesThat().resideOutsideOfPackages(BASE + ".core..", "java..")
            .because("the core is pure Java: no adapter, no framework, no JDBC");

    static final ArchRule CORE_KNOWS_NO_JDBC = noClasses()
            .that().resideInAPackage(BASE + ".core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
            .because("storage is behind ports");

    static final ArchRule POSTGRES_KNOWS_NO_OTHER_ADAPTER = adapterIsolated("postgres");
    static final ArchRule HTTP_KNOWS_NO_OTHER_ADAPTER = adapterIsolated("http");
    static final ArchRule EXPORT_KNOWS_NO_OTHER_ADAPTER = adapterIsolated("export");

    static final ArchRule ONLY_APP_SEES_APP = noClasses()
            .that().resideOutsideOfPackage(BASE + ".app..")
            .should().dependOnClassesThat().resideInAPackage(BASE + ".app..")
            .because("app is the assembly; nothing builds on it");

    /**
     * The core's services are wiring, not API: adapters and app reach the use cases through the one entry point,
     * {@code CampaignAnalytics}, and the ports.
     */
    static final ArchRule ONLY_THE_CORE_SEES_ITS_INTERNALS = noClasses()
            .that().resideOutsideOfPackage(BASE + ".core..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("packages named internal are not API; the product is wired through CampaignAnalytics");

    private static ArchRule adapterIsolated(String adapter) {
        String[] others = java.util.stream.Stream.of("postgres", "http", "export", "app")
                .filter(a -> !a.equals(adapter))
                .map(a -> BASE + "." + a + "..")
                .toArray(String[]::new);
        return noClasses()
                .that().resideInAPackage(BASE + "." + adapter + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("adapters don't know each other; only app wires them");
    }

    @Test
    void productionCodeImportsEveryModule() {
        for (String module : new String[]{"core", "postgres", "http", "export", "app"}) {
            assertThat(PRODUCTION.stream().anyMatch(c -> c.getPackageName().startsWith(BASE + "." + module)))
                    .as("classes of %s are checked", module).isTrue();
        }
    }

    @Test
    void coreDependsOnTheJdkAlone() {
        CORE_USES_ONLY_THE_JDK.check(PRODUCTION);
        CORE_KNOWS_NO_JDBC.check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        POSTGRES_KNOWS_NO_OTHER_ADAPTER.check(PRODUCTION);
        HTTP_KNOWS_NO_OTHER_ADAPTER.check(PRODUCTION);
        EXPORT_KNOWS_NO_OTHER_ADAPTER.check(PRODUCTION);
    }

    @Test
    void nothingButAppDependsOnApp() {
        ONLY_APP_SEES_APP.check(PRODUCTION);
    }

    @Test
    void nothingOutsideTheCoreUsesItsInternals() {
        ONLY_THE_CORE_SEES_ITS_INTERNALS.check(PRODUCTION);
    }

    @Test
    void anAdapterClassThatBuildsACoreServiceBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(AdapterClassThatBuildsACoreService.class);
        EvaluationResult result = ONLY_THE_CORE_SEES_ITS_INTERNALS.evaluate(offender);
        assertThat(result.getFailureReport().toString())
                .contains("dev.campaignanalytics.core.internal.CampaignService");
    }

    @Test
    void aCoreClassThatImportsAnAdapterBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(CoreClassThatImportsTheHttpAdapter.class);
        EvaluationResult result = CORE_USES_ONLY_THE_JDK.evaluate(offender);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("dev.campaignanalytics.http");
    }

    @Test
    void aCoreClassThatImportsJdbcBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(CoreClassThatImportsJdbc.class);
        assertThat(CORE_KNOWS_NO_JDBC.evaluate(offender).hasViolation()).isTrue();
    }
}
