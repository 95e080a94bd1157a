package io.fleetaudit.agent;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the standalone agent process a {@link NameOnlyMBeanServer} as its platform MBean server. Input: nothing
 * (the system property {@value #KEEP_PROPERTY}{@code =true} opts out); output: whether it was installed.
 *
 * <p>Why: Kafka's {@code AppInfoParser} registers one {@code app-info} MBean per client on
 * {@link ManagementFactory#getPlatformMBeanServer()}, unconditionally. Creating the platform server
 * introspects and registers every JVM MXBean (memory, threads, GC, JFR, diagnostic commands...): about
 * 500 classes and 2.5-3 MiB of resident memory in a process that never serves JMX. Even a plain
 * {@code MBeanServerFactory.newMBeanServer()} introspects the bean (another ~60 classes, ~0.5 MiB); the
 * name-only server just records that Kafka's bean is registered. The JVM's MXBeans stay available through {@code ManagementFactory.get*MXBean()}, jcmd
 * and JFR; only a remote JMX console attached to the agent would no longer list them.
 *
 * <p>It needs {@code --add-opens java.management/java.lang.management=ALL-UNNAMED} (the launcher passes it).
 * Without it, or if the platform server already exists, nothing changes.
 */
final class AppInfoMBeanServer {
  static final String KEEP_PROPERTY = "fleet.audit.agent.platform-mbeans";
  private static final Logger LOG = LoggerFactory.getLogger(AppInfoMBeanServer.class);

  private AppInfoMBeanServer() {
  }

  static boolean install() {
    if (Boolean.getBoolean(KEEP_PROPERTY)) {
      return false;
    }
    try {
      Field field = ManagementFactory.class.getDeclaredField("platformMBeanServer");
      field.setAccessible(true);
      // getPlatformMBeanServer() is static synchronized: the same lock keeps a concurrent first call out.
      synchronized (ManagementFactory.class) {
        if (field.get(null) != null) {
          return false;
        }
        field.set(null, new NameOnlyMBeanServer());
      }
      LOG.info("platform MBean server without the JVM's MXBeans (saves memory; -D{}=true keeps them)", KEEP_PROPERTY);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not opened by the launcher (e.g. run from the CLI) or another JDK layout: the full server it is.
      LOG.debug("platform MBean server left as is: {}", e.toString());
      return false;
    }
  }
}
