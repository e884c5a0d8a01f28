package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #29, 5: the resource attributes detected, as the OpenTelemetry agent names them. */
class ResourceDetectionTest {
  private static final String ID = "3f2a9c1e5b7d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";

  @Test
  void detectsHostOsProcessAndRuntimeOnThisMachine() {
    Map<String, Object> detected = ResourceDetection.detect(new HashMap<>(), Collections.emptyList());
    assertThat(detected).containsKeys("host.name", "host.arch", "os.type", "os.description", "process.pid",
        "process.executable.path", "process.command_args", "process.runtime.name", "process.runtime.version",
        "process.runtime.description", "service.instance.id");
    assertThat(detected.get("process.pid")).isEqualTo(ProcessHandle.current().pid());
    assertThat(detected.get("os.type")).isEqualTo("linux");
    assertThat(detected.get("process.runtime.version")).isEqualTo(System.getProperty("java.runtime.version"));
    assertThat((String) detected.get("service.instance.id")).matches("[0-9a-f-]{36}");
    assertThat(ResourceDetection.detect(new HashMap<>(), Collections.emptyList()).get("service.instance.id"))
        .as("a new id per start").isNotEqualTo(detected.get("service.instance.id"));
  }

  @Test
  void disabledKeysAreNotDetectedAndConfiguredAttributesWin() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_RESOURCE_DISABLED_KEYS", "host.name,process.command_args");
    env.put("TRACER_RESOURCE_ATTRIBUTES", "service.instance.id=replica-7");
    Config config = new Config(env, new HashMap<>());
    Resource resource = ExportConfig.resource(config);
    assertThat(resource.getAttribute(AttributeKey.stringKey("host.name"))).isNull();
    assertThat(resource.getAttribute(AttributeKey.stringArrayKey("process.command_args"))).isNull();
    assertThat(resource.getAttribute(AttributeKey.stringKey("service.instance.id"))).isEqualTo("replica-7");
    assertThat(resource.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void secretsInCommandArgumentsAreRedacted() {
    List<String> args = ResourceDetection.commandArgs(Optional.of(new String[] {"-Xmx64m", "-Ddb.password=hunter2",
        "-Dapi.token=t0k", "--spring.datasource.password=pw", "-Dplain=value", "-jar", "app.jar", "--user=alice"}), null);
    assertThat(args.get(0)).endsWith("java");
    assertThat(args.subList(1, args.size())).containsExactly("-Xmx64m", "-Ddb.password=REDACTED", "-Dapi.token=REDACTED",
        "--spring.datasource.password=REDACTED", "-Dplain=value", "-jar", "app.jar", "--user=alice");
    assertThat(ResourceDetection.commandArgs(Optional.empty(), "com.acme.Main -Dkey.secret=s3 x"))
        .endsWith("com.acme.Main", "-Dkey.secret=REDACTED", "x");
  }

  @Test
  void containerIdFromCgroupV1AndV2(@TempDir Path dir) throws Exception {
    Path none = dir.resolve("missing");
    Path v1 = Files.write(dir.resolve("cgroup-v1"), Arrays.asList("12:pids:/docker/" + ID, "11:memory:/docker/" + ID));
    assertThat(ResourceDetection.containerId(v1.toString(), none.toString())).isEqualTo(ID);
    Path systemd = Files.write(dir.resolve("cgroup-systemd"),
        Collections.singletonList("0::/system.slice/docker-" + ID + ".scope"));
    assertThat(ResourceDetection.containerId(systemd.toString(), none.toString())).isEqualTo(ID);
    Path kubepods = Files.write(dir.resolve("cgroup-k8s"), Collections.singletonList(
        "1:name=systemd:/kubepods/besteffort/pod0b2c4d6e-1111-2222-3333-444455556666/cri-containerd-" + ID + ".scope"));
    assertThat(ResourceDetection.containerId(kubepods.toString(), none.toString())).isEqualTo(ID);

    Path v2Cgroup = Files.write(dir.resolve("cgroup-v2"), Collections.singletonList("0::/"));
    Path mountinfo = Files.write(dir.resolve("mountinfo"), Arrays.asList(
        "736 728 0:62 / / rw,relatime master:1 - overlay overlay rw",
        "751 736 254:1 /var/lib/docker/containers/" + ID + "/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw"));
    assertThat(ResourceDetection.containerId(v2Cgroup.toString(), mountinfo.toString())).isEqualTo(ID);

    Path host = Files.write(dir.resolve("cgroup-host"), Collections.singletonList("0::/user.slice/user-1000.slice/session-2.scope"));
    assertThat(ResourceDetection.containerId(host.toString(), none.toString())).isNull();
  }

  @Test
  void kubernetesAttributesFromTheOperatorsDownwardApiVariables() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "shop-7d9f-x2");
    env.put("OTEL_RESOURCE_ATTRIBUTES_POD_UID", "0b2c4d6e-1111");
    env.put("OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "node-3");
    Map<String, Object> detected = ResourceDetection.detect(env, Collections.emptyList());
    assertThat(detected).containsEntry("k8s.pod.name", "shop-7d9f-x2").containsEntry("k8s.pod.uid", "0b2c4d6e-1111")
        .containsEntry("k8s.node.name", "node-3");
  }

  @Test
  void semanticConventionNames() {
    assertThat(ResourceDetection.hostArch("x86_64")).isEqualTo("amd64");
    assertThat(ResourceDetection.hostArch("aarch64")).isEqualTo("arm64");
    assertThat(ResourceDetection.osType("Mac OS X")).isEqualTo("darwin");
    assertThat(ResourceDetection.osType("Windows 11")).isEqualTo("windows");
  }
}
