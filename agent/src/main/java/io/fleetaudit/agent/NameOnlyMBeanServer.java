package io.fleetaudit.agent;

import java.io.ObjectInputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import javax.management.QueryExp;
import javax.management.RuntimeOperationsException;
import javax.management.loading.ClassLoaderRepository;

/**
 * An MBean server that only records which names are registered. Input: {@code registerMBean} /
 * {@code unregisterMBean} calls (in the standalone agent: Kafka's {@code app-info} bean per client); output:
 * truthful answers to {@code isRegistered}, {@code getObjectInstance}, {@code queryNames},
 * {@code queryMBeans}, {@code getMBeanCount} and {@code getDomains}. Everything that would read or call a
 * bean (attributes, operations, MBean info, notifications, class loading) throws a
 * {@link RuntimeOperationsException} wrapping {@link UnsupportedOperationException}.
 *
 * <p>Why: even a plain {@code MBeanServerFactory.newMBeanServer()} introspects every bean it is given and
 * loads the JMX implementation (about 60 classes, 0.5 MiB of a ~60 MiB process) for beans that nobody
 * can read, because the standalone agent serves no JMX. Query filters ({@link QueryExp}) are not evaluated:
 * a query with one returns every name that matches the pattern.
 */
final class NameOnlyMBeanServer implements MBeanServer {
  private static final String DOMAIN = "DefaultDomain";
  private final Map<ObjectName, ObjectInstance> registered = new ConcurrentHashMap<>();

  @Override
  public ObjectInstance registerMBean(Object object, ObjectName name) throws InstanceAlreadyExistsException {
    if (object == null || name == null || name.isPattern()) {
      throw new RuntimeOperationsException(new IllegalArgumentException("a bean and a non-pattern name are required"));
    }
    ObjectInstance instance = new ObjectInstance(name, object.getClass().getName());
    if (registered.putIfAbsent(name, instance) != null) {
      throw new InstanceAlreadyExistsException(name.toString());
    }
    return instance;
  }

  @Override
  public void unregisterMBean(ObjectName name) throws InstanceNotFoundException {
    if (name == null || registered.remove(name) == null) {
      throw new InstanceNotFoundException(String.valueOf(name));
    }
  }

  @Override
  public ObjectInstance getObjectInstance(ObjectName name) throws InstanceNotFoundException {
    ObjectInstance instance = name == null ? null : registered.get(name);
    if (instance == null) {
      throw new InstanceNotFoundException(String.valueOf(name));
    }
    return instance;
  }

  @Override
  public Set<ObjectInstance> queryMBeans(ObjectName name, QueryExp query) {
    Set<ObjectInstance> out = new HashSet<>();
    for (ObjectInstance i : registered.values()) {
      if (name == null || name.apply(i.getObjectName())) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public Set<ObjectName> queryNames(ObjectName name, QueryExp query) {
    Set<ObjectName> out = new HashSet<>();
    for (ObjectInstance i : queryMBeans(name, query)) {
      out.add(i.getObjectName());
    }
    return out;
  }

  @Override
  public boolean isRegistered(ObjectName name) {
    return name != null && registered.containsKey(name);
  }

  @Override
  public Integer getMBeanCount() {
    return registered.size();
  }

  @Override
  public String getDefaultDomain() {
    return DOMAIN;
  }

  @Override
  public String[] getDomains() {
    Set<String> domains = new HashSet<>();
    for (ObjectName n : registered.keySet()) {
      domains.add(n.getDomain());
    }
    return domains.toArray(new String[0]);
  }

  private static RuntimeOperationsException unsupported() {
    return new RuntimeOperationsException(new UnsupportedOperationException(
        "the agent's MBean server only records registrations; start it with -D"
            + AppInfoMBeanServer.KEEP_PROPERTY + "=true for JMX"));
  }

  @Override
  public ObjectInstance createMBean(String className, ObjectName name) {
    throw unsupported();
  }

  @Override
  public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName) {
    throw unsupported();
  }

  @Override
  public ObjectInstance createMBean(String className, ObjectName name, Object[] params, String[] signature) {
    throw unsupported();
  }

  @Override
  public ObjectInstance createMBean(String className, ObjectName name, ObjectName loaderName, Object[] params,
                                    String[] signature) {
    throw unsupported();
  }

  @Override
  public Object getAttribute(ObjectName name, String attribute) {
    throw unsupported();
  }

  @Override
  public AttributeList getAttributes(ObjectName name, String[] attributes) {
    throw unsupported();
  }

  @Override
  public void setAttribute(ObjectName name, Attribute attribute) {
    throw unsupported();
  }

  @Override
  public AttributeList setAttributes(ObjectName name, AttributeList attributes) {
    throw unsupported();
  }

  @Override
  public Object invoke(ObjectName name, String operationName, Object[] params, String[] signature) {
    throw unsupported();
  }

  @Override
  public void addNotificationListener(ObjectName name, NotificationListener listener, NotificationFilter filter,
                                      Object handback) {
    throw unsupported();
  }

  @Override
  public void addNotificationListener(ObjectName name, ObjectName listener, NotificationFilter filter,
                                      Object handback) {
    throw unsupported();
  }

  @Override
  public void removeNotificationListener(ObjectName name, ObjectName listener) {
    throw unsupported();
  }

  @Override
  public void removeNotificationListener(ObjectName name, ObjectName listener, NotificationFilter filter,
                                         Object handback) {
    throw unsupported();
  }

  @Override
  public void removeNotificationListener(ObjectName name, NotificationListener listener) {
    throw unsupported();
  }

  @Override
  public void removeNotificationListener(ObjectName name, NotificationListener listener, NotificationFilter filter,
                                         Object handback) {
    throw unsupported();
  }

  @Override
  public MBeanInfo getMBeanInfo(ObjectName name) {
    throw unsupported();
  }

  @Override
  public boolean isInstanceOf(ObjectName name, String className) {
    throw unsupported();
  }

  @Override
  public Object instantiate(String className) {
    throw unsupported();
  }

  @Override
  public Object instantiate(String className, ObjectName loaderName) {
    throw unsupported();
  }

  @Override
  public Object instantiate(String className, Object[] params, String[] signature) {
    throw unsupported();
  }

  @Override
  public Object instantiate(String className, ObjectName loaderName, Object[] params, String[] signature) {
    throw unsupported();
  }

  @Override
  @SuppressWarnings("deprecation")
  public ObjectInputStream deserialize(ObjectName name, byte[] data) {
    throw unsupported();
  }

  @Override
  @SuppressWarnings("deprecation")
  public ObjectInputStream deserialize(String className, byte[] data) {
    throw unsupported();
  }

  @Override
  @SuppressWarnings("deprecation")
  public ObjectInputStream deserialize(String className, ObjectName loaderName, byte[] data) {
    throw unsupported();
  }

  @Override
  public ClassLoader getClassLoaderFor(ObjectName mbeanName) {
    throw unsupported();
  }

  @Override
  public ClassLoader getClassLoader(ObjectName loaderName) {
    throw unsupported();
  }

  @Override
  public ClassLoaderRepository getClassLoaderRepository() {
    throw unsupported();
  }
}
