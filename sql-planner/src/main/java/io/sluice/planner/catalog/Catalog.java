package io.sluice.planner.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The objects statements can name, by exact name (unquoted names are stored upper case).
 * Thread-safe; what persists it lives in the server.
 */
public final class Catalog {
  /** The schema user objects live in. */
  public static final String SCHEMA = "PUBLIC";

  private final ConcurrentMap<String, CatalogObject> objects = new ConcurrentHashMap<>();

  public Optional<CatalogObject> find(String name) {
    return Optional.ofNullable(objects.get(name));
  }

  /** Adds the object; returns false if the name is taken. */
  public boolean add(CatalogObject object) {
    return objects.putIfAbsent(object.name(), object) == null;
  }

  public CatalogObject remove(String name) {
    return objects.remove(name);
  }

  /** All objects, by name. */
  public List<CatalogObject> list() {
    List<CatalogObject> all = new ArrayList<>(objects.values());
    all.sort(Comparator.comparing(CatalogObject::name));
    return all;
  }
}
