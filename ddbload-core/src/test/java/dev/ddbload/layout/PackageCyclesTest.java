package dev.ddbload.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.ddbload.BulkLoader;
import java.net.URISyntaxException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No package of core's main code depends on another that depends back on it, directly or
 * through others: each package is a room a reader can enter knowing only the ones below it.
 */
class PackageCyclesTest {

  /** Each package of ours is a slice of its own; other code is ignored. */
  private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      return c.getPackageName().startsWith("dev.ddbload") ? SliceIdentifier.of(c.getPackageName())
          : SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
      return "each package of dev.ddbload";
    }
  };

  private static final ArchRule NO_PACKAGE_CYCLES = SlicesRuleDefinition.slices().assignedFrom(EACH_PACKAGE)
      .should().beFreeOfCycles()
      .because("a package that needs one which needs it back cannot be read, tested or moved alone");

  @Test
  void coreMainCodeHasNoPackageCycle() throws URISyntaxException {
    Location mainClasses = Location.of(BulkLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaClasses core = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
        .importLocations(Set.of(mainClasses));
    assertThat(core.contain(BulkLoader.class)).isTrue();
    assertThat(core.size()).as("classes of core's main code").isGreaterThan(100);

    NO_PACKAGE_CYCLES.check(core);
  }

  @Test
  void theRuleFindsAPlantedCycle() {
    JavaClasses planted = new ClassFileImporter().importPackages("dev.ddbload.layout.planted");

    EvaluationResult result = NO_PACKAGE_CYCLES.evaluate(planted);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString())
        .contains("dev.ddbload.layout.planted.cause", "dev.ddbload.layout.planted.effect");
  }
}
