package dev.campaignanalytics.example;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example uses the library as any other service must: through its public API only, never a class of a
 * {@code ..internal..} package and never a type that is not public.
 */
class PublicApiOnlyTest {
    private static final String LIBRARY = "dev.campaignanalytics";
    private static final String EXAMPLE = LIBRARY + ".example";

    /** A library type outside the example that is not public (package-private or nested private). */
    private static final DescribedPredicate<JavaClass> NON_PUBLIC_LIBRARY_TYPE =
            new DescribedPredicate<>("are non-public types of the library") {
                @Override
                public boolean test(JavaClass c) {
                    return c.getPackageName().startsWith(LIBRARY + ".")
                            && !c.getPackageName().startsWith(EXAMPLE)
                            && !c.getModifiers().contains(JavaModifier.PUBLIC);
                }
            };

    static final ArchRule NO_INTERNALS = noClasses()
            .that().resideInAPackage(EXAMPLE + "..")
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("core.internal is wiring; embedders use CampaignAnalytics");

    static final ArchRule ONLY_PUBLIC_TYPES = noClasses()
            .that().resideInAPackage(EXAMPLE + "..")
            .should().dependOnClassesThat(NON_PUBLIC_LIBRARY_TYPE)
            .because("only public types are API");

    private static JavaClasses example() {
        // the module's own classes (target/classes), with the library's classes they use resolved from the class path
        return new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void theExampleUsesOnlyThePublicApi() {
        JavaClasses example = example();
        assertThat(example).as("the example's classes are imported").isNotEmpty();
        NO_INTERNALS.check(example);
        ONLY_PUBLIC_TYPES.check(example);
    }

    @Test
    void aClassThatBuildsACoreServiceItselfBreaksTheRule() {
        JavaClasses offender = new ClassFileImporter().importClasses(WiresTheCoreByHand.class);
        assertThat(NO_INTERNALS.evaluate(offender).getFailureReport().toString())
                .contains("dev.campaignanalytics.core.internal.CampaignService");
    }

    /** What an embedder must not write: the services are not API. */
    static final class WiresTheCoreByHand {
        Object campaigns(dev.campaignanalytics.core.port.out.CampaignCatalog catalog) {
            return new dev.campaignanalytics.core.internal.CampaignService(catalog, java.time.Clock.systemUTC());
        }
    }
}
