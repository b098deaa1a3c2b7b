package io.gastown.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.gastown.testkit.JvmOptionsFile;
import io.gastown.testkit.RepoPaths;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * scripts/install-host-agent.sh with --prefix writes a valid systemd unit / launchd plist and
 * removes them.
 */
class InstallHostAgentScriptTest {
  @TempDir Path dir;

  @Test
  void writesASystemdUserUnitThatRestartsOnFailureAndRunsTheInstalledJar() throws Exception {
    Path home = dir.resolve("home");
    Result result = install("linux", home);

    assertThat(result.exit).as(result.output).isZero();
    Path unit = home.resolve(".config/systemd/user/gastown-agent.service");
    Map<String, Map<String, String>> ini = parseIni(Files.readString(unit));
    assertThat(ini).containsKeys("Unit", "Service", "Install");
    assertThat(ini.get("Service"))
        .containsEntry("Restart", "on-failure")
        .containsEntry("Type", "simple")
        .containsEntry("StandardOutput", "journal");
    String execStart = ini.get("Service").get("ExecStart");
    assertThat(execStart)
        .contains("-jar \"" + home.resolve(".local/share/gastown-agent/host-agent.jar") + "\"")
        .endsWith("run --config \"" + home.resolve(".config/gastown-agent/agent.yaml") + "\"");
    assertThat(execStart)
        .as("the JVM options of scripts/host-agent-jvm.options, in order, before -jar")
        .startsWith("\"" + javaOnPath() + "\" " + quoted(jvmOptions()) + " -jar ");
    // this jar is no agent: the training run fails, the service runs without an archive
    assertThat(execStart).doesNotContain("SharedArchiveFile");
    assertThat(result.output).contains("warning: no AppCDS archive");
    assertThat(ini.get("Install")).containsEntry("WantedBy", "default.target");
    assertThat(Files.getPosixFilePermissions(home.resolve(".config/gastown-agent/agent.yaml")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    Result removed = run("--uninstall", "--prefix", home.toString(), "--platform", "linux");
    assertThat(removed.exit).as(removed.output).isZero();
    assertThat(unit).doesNotExist();
  }

  @Test
  void makesAnAppCdsArchiveFromTheInstalledJarThatTheServiceMapsAtStart() throws Exception {
    Path home = dir.resolve("home");
    Result result = install("linux", home, realAgentJar());

    assertThat(result.exit).as(result.output).isZero();
    Path archive = home.resolve(".local/share/gastown-agent/host-agent.jsa");
    assertThat(archive).isNotEmptyFile();
    assertThat(systemdExecStart(home))
        .contains(quoted(jvmOptions()) + " \"-XX:SharedArchiveFile=" + archive + "\" -jar ");

    // the service's command line loads the agent's classes from the archive
    List<String> argv = new ArrayList<>(List.of(javaOnPath()));
    argv.addAll(jvmOptions());
    argv.addAll(
        List.of(
            "-XX:SharedArchiveFile=" + archive,
            "-Xlog:class+load=info",
            "-jar",
            home.resolve(".local/share/gastown-agent/host-agent.jar").toString(),
            "version"));
    Result run = exec(argv);
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output)
        .containsPattern("io\\.gastown\\.agent\\.AgentMain source: shared objects file \\(top\\)");

    Result removed = run("--uninstall", "--prefix", home.toString(), "--platform", "linux");
    assertThat(removed.exit).as(removed.output).isZero();
    assertThat(archive).doesNotExist();
  }

  @Test
  void noCdsInstallsTheRealJarWithoutAnArchive() throws Exception {
    Path home = dir.resolve("home");
    Result result = install("linux", home, realAgentJar(), "--no-cds");

    assertThat(result.exit).as(result.output).isZero();
    assertThat(home.resolve(".local/share/gastown-agent/host-agent.jsa")).doesNotExist();
    assertThat(systemdExecStart(home))
        .startsWith("\"" + javaOnPath() + "\" " + quoted(jvmOptions()) + " -jar ")
        .doesNotContain("SharedArchiveFile");
  }

  @Test
  void writesALaunchdAgentPlistThatKeepsTheAgentAliveAndLogsToAFile() throws Exception {
    Path home = dir.resolve("home with space");
    Result result = install("macos", home);

    assertThat(result.exit).as(result.output).isZero();
    Path plist = home.resolve("Library/LaunchAgents/io.gastown.agent.plist");
    Map<String, Node> dict = topDict(Files.readString(plist));
    assertThat(dict.get("Label").getTextContent()).isEqualTo("io.gastown.agent");
    List<String> expected = new ArrayList<>(List.of(javaOnPath()));
    expected.addAll(jvmOptions());
    assertThat(strings(dict.get("ProgramArguments"))).startsWith(expected.toArray(String[]::new));
    assertThat(strings(dict.get("ProgramArguments")))
        .endsWith(
            "-jar",
            home.resolve("Library/Application Support/gastown-agent/host-agent.jar").toString(),
            "run",
            "--config",
            home.resolve("Library/Application Support/gastown-agent/agent.yaml").toString());
    assertThat(dict.get("RunAtLoad").getNodeName()).isEqualTo("true");
    assertThat(dict.get("KeepAlive").getNodeName()).isEqualTo("dict");
    assertThat(dict.get("StandardOutPath").getTextContent())
        .isEqualTo(home.resolve("Library/Logs/gastown-agent.log").toString());
  }

  @Test
  void refusesAMissingConfigurationWithAClearMessage() throws Exception {
    Result result =
        run("--config", dir.resolve("nope.yaml").toString(), "--prefix", dir.toString());
    assertThat(result.exit).isNotZero();
    assertThat(result.output).contains("no such configuration file");
  }

  private Result install(String platform, Path home) throws Exception {
    Path jar = dir.resolve("host-agent.jar");
    Files.write(jar, new byte[] {0x50, 0x4b});
    return install(platform, home, jar);
  }

  private Result install(String platform, Path home, Path jar, String... more) throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "hostId: laptop\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config",
                config.toString(),
                "--jar",
                jar.toString(),
                "--prefix",
                home.toString(),
                "--platform",
                platform));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  /** The agent's real jar, whose training run makes an archive (a stand-in jar's fails). */
  private static Path realAgentJar() {
    Path jar = RepoPaths.resolve("host-agent/target/host-agent-0.1.0-SNAPSHOT-all.jar");
    assertThat(jar).as("build it: mvn -pl host-agent package").exists();
    return jar;
  }

  /** ExecStart of the systemd unit installed under {@code home}. */
  private static String systemdExecStart(Path home) throws Exception {
    return parseIni(Files.readString(home.resolve(".config/systemd/user/gastown-agent.service")))
        .get("Service")
        .get("ExecStart");
  }

  private record Result(int exit, String output) {}

  /** The options file as the installer reads it: words, '#' comments. */
  private static List<String> jvmOptions() {
    List<String> out = JvmOptionsFile.read(RepoPaths.resolve(JvmOptionsFile.HOST_AGENT));
    assertThat(out).contains("-Xshare:auto").anyMatch(o -> o.startsWith("-Xmx"));
    return out;
  }

  private static String quoted(List<String> words) {
    return String.join(" ", words.stream().map(w -> "\"" + w + "\"").toList());
  }

  /** The java the installer finds on PATH. */
  private static String javaOnPath() throws Exception {
    return exec(List.of("bash", "-c", "command -v java")).output.strip();
  }

  private Result run(String... args) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of("bash", RepoPaths.resolve("scripts/install-host-agent.sh").toString()));
    argv.addAll(List.of(args));
    return exec(argv);
  }

  private static Result exec(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static Map<String, Map<String, String>> parseIni(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
        current =
            sections.computeIfAbsent(
                trimmed.substring(1, trimmed.length() - 1), k -> new LinkedHashMap<>());
      } else {
        assertThat(current).as("key outside a section: %s", line).isNotNull();
        int eq = trimmed.indexOf('=');
        assertThat(eq).as("not a key=value line: %s", line).isPositive();
        current.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
      }
    }
    return sections;
  }

  private static Map<String, Node> topDict(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // never fetch Apple's DTD: parse offline
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element dict = (Element) doc.getDocumentElement().getElementsByTagName("dict").item(0);
    Map<String, Node> entries = new LinkedHashMap<>();
    List<Element> children = elements(dict.getChildNodes());
    for (int i = 0; i + 1 < children.size(); i += 2) {
      assertThat(children.get(i).getNodeName()).isEqualTo("key");
      entries.put(children.get(i).getTextContent(), children.get(i + 1));
    }
    return entries;
  }

  private static List<String> strings(Node array) {
    return elements(array.getChildNodes()).stream().map(Node::getTextContent).toList();
  }

  private static List<Element> elements(NodeList nodes) {
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }
}
