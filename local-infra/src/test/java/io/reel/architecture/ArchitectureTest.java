package io.reel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of docs/architecture.md as code: a forbidden import fails the build, so nobody
 * has to remember the diagram. Each module has one root package; the rules are stated on those.
 * Runs here because local-infra's test classpath holds every module of the node.
 */
@AnalyzeClasses(packages = "io.reel", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String DOMAIN = "io.reel.domain..";
  private static final String HTTP_KIT = "io.reel.http..";
  private static final String ORIGIN = "io.reel.origin..";
  private static final String WRITE = "io.reel.write..";
  private static final String PROJECTIONS = "io.reel.projections..";
  private static final String READ = "io.reel.read..";
  private static final String SEARCH = "io.reel.search..";
  private static final String RECOMMEND = "io.reel.recommend..";
  private static final String TRANSCODE = "io.reel.transcode..";
  private static final String EDGE = "io.reel.edge..";
  private static final String NODE = "io.reel.node..";
  private static final String LOCAL = "io.reel.infra..";
  private static final String WEB = "io.reel.web..";

  @ArchTest
  static final ArchRule theCqrsSplitHolds =
      noClasses()
          .that()
          .resideInAnyPackage(READ, PROJECTIONS, EDGE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(WRITE)
          .because("read models, projections and the edge see events and stores, never entities");

  @ArchTest
  static final ArchRule theDomainIsPure =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, "java..", "com.fasterxml.jackson.annotation..")
          .because("core-domain is decide/evolve over records: no Pekko, no other module");

  @ArchTest
  static final ArchRule theReadSideSeesTheDomainAndTheHttpKitOnly =
      noClasses()
          .that()
          .resideInAPackage(READ)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ORIGIN, WRITE, PROJECTIONS, TRANSCODE, EDGE, NODE, LOCAL);

  @ArchTest
  static final ArchRule theEdgeOnlyDeliversBytes =
      noClasses()
          .that()
          .resideInAPackage(EDGE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(WRITE, PROJECTIONS, READ, TRANSCODE, NODE, LOCAL)
          .because("the edge needs the origin store and the HTTP kit, nothing that commands");

  @ArchTest
  static final ArchRule theTitleIndexIsLuceneAndTheDomain =
      noClasses()
          .that()
          .resideInAPackage(SEARCH)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              HTTP_KIT,
              ORIGIN,
              WRITE,
              PROJECTIONS,
              READ,
              TRANSCODE,
              EDGE,
              NODE,
              LOCAL,
              "org.apache.pekko..")
          .because("the feed (projections) writes the index and the read side queries it");

  @ArchTest
  static final ArchRule theRecommenderIsPlainJava =
      classes()
          .that()
          .resideInAPackage(RECOMMEND)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(RECOMMEND, DOMAIN, "java..", "org.slf4j..")
          .because(
              "the model and its evaluation are plain Java; the projection and the trainer that"
                  + " feed it live in the modules that own Pekko and the stores");

  @ArchTest
  static final ArchRule theWebAppOnlyServesFiles =
      classes()
          .that()
          .resideInAPackage(WEB)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              WEB, HTTP_KIT, "java..", "org.apache.pekko..", "scala..", "org.slf4j..")
          .because(
              "the viewer app talks to the API over HTTP like any client; its route serves files");

  @ArchTest
  static final ArchRule plumbingDependsOnNoFeature =
      noClasses()
          .that()
          .resideInAnyPackage(HTTP_KIT, ORIGIN)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(WRITE, PROJECTIONS, READ, TRANSCODE, EDGE, NODE, LOCAL);

  @ArchTest
  static final ArchRule noFeatureReachesTheNodeAssembly =
      noClasses()
          .that()
          .resideOutsideOfPackages(NODE, LOCAL)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(NODE)
          .because("modules expose init(...); only the node decides what runs where");

  @ArchTest
  static final ArchRule theNodeDoesNotShipTheLocalLauncher =
      noClasses()
          .that()
          .resideOutsideOfPackage(LOCAL)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(LOCAL)
          .because("the local Cassandra/Kafka launcher is for ./reel and the tests only");
}
