package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Without the launcher's --add-opens (the CLI or the demo running the agent in their own JVM), nothing
 * changes: the platform MBean server keeps the JVM's MXBeans. AgentProcessIT covers the launcher case.
 */
class AppInfoMBeanServerTest {

  @Test
  void shouldLeaveThePlatformServerAloneWhenJavaLangManagementIsNotOpened() throws Exception {
    assertThat(AppInfoMBeanServer.install()).isFalse();
    assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("java.lang:type=Runtime")))
        .isTrue();
  }
}
