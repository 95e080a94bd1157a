package io.fleetaudit.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.ObjectName;
import javax.management.RuntimeOperationsException;
import org.junit.jupiter.api.Test;

class NameOnlyMBeanServerTest {

  /** What Kafka's AppInfoParser does with it: register, check, unregister. */
  @Test
  void shouldRecordRegistrationsByName() throws Exception {
    NameOnlyMBeanServer server = new NameOnlyMBeanServer();
    ObjectName name = new ObjectName("kafka.producer:type=app-info,id=p1");
    Object bean = new Object();

    assertThat(server.registerMBean(bean, name).getClassName()).isEqualTo("java.lang.Object");
    assertThat(server.isRegistered(name)).isTrue();
    assertThat(server.getMBeanCount()).isEqualTo(1);
    assertThat(server.queryNames(new ObjectName("kafka.producer:*"), null)).containsExactly(name);
    assertThat(server.queryNames(new ObjectName("other:*"), null)).isEmpty();
    assertThat(server.getDomains()).containsExactly("kafka.producer");
    assertThatThrownBy(() -> server.registerMBean(bean, name)).isInstanceOf(InstanceAlreadyExistsException.class);

    server.unregisterMBean(name);
    assertThat(server.isRegistered(name)).isFalse();
    assertThatThrownBy(() -> server.unregisterMBean(name)).isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void shouldRefuseToReadBeans() throws Exception {
    NameOnlyMBeanServer server = new NameOnlyMBeanServer();
    ObjectName name = new ObjectName("kafka.producer:type=app-info,id=p1");
    server.registerMBean(new Object(), name);

    assertThatThrownBy(() -> server.getAttribute(name, "version"))
        .isInstanceOf(RuntimeOperationsException.class)
        .hasCauseInstanceOf(UnsupportedOperationException.class);
  }
}
