package dev.tracer.instrumentation.kafka;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import java.util.Spliterator;
import java.util.Spliterators;

/**
 * A read-only view of a library's list whose iterator is one the library already hands out (and the agent
 * instruments), for lists that would otherwise be iterated untraced: Kafka's {@code ConsumerRecords.records(partition)}
 * iterates like {@code ConsumerRecords} itself. Indexed access goes to the list and starts nothing. A helper
 * class of the module.
 */
public final class IteratedList<E> extends AbstractList<E> implements RandomAccess {
  private final List<E> list;
  private final Iterable<E> iterated;

  /** {@code iterated} yields the same elements as {@code list}, in the same order. */
  public IteratedList(List<E> list, Iterable<E> iterated) {
    this.list = list;
    this.iterated = iterated;
  }

  @Override
  public E get(int index) {
    return list.get(index);
  }

  @Override
  public int size() {
    return list.size();
  }

  @Override
  public Iterator<E> iterator() {
    return iterated.iterator();
  }

  @Override
  public Spliterator<E> spliterator() {
    // a RandomAccess list's default spliterator would use get(): streams go through the iterator
    return Spliterators.spliterator(this, Spliterator.ORDERED);
  }
}
