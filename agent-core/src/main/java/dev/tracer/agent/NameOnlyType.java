package dev.tracer.agent;

import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.module.ModuleDescription;
import net.bytebuddy.description.type.PackageDescription;
import net.bytebuddy.description.type.RecordComponentList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A type known by its name only: a matcher asking it anything else (modifiers, super types, methods,
 * annotations) is stopped with {@link #NEEDS_MORE}. A matcher that answers without asking gives the answer it
 * would give for the real class, so most classes are turned down by name before anything parses them.
 */
class NameOnlyType extends TypeDescription.AbstractBase.OfSimpleType {
  /** Thrown, without a stack trace, when a matcher needs more than the name. */
  static final RuntimeException NEEDS_MORE = new NeedsMore();

  private final String name;

  NameOnlyType(String name) {
    this.name = name;
  }

  /** {@code TRUE} or {@code FALSE} when the name decides, null when the matcher needs the class itself. */
  static Boolean decide(ElementMatcher<? super TypeDescription> matcher, NameOnlyType type) {
    try {
      return matcher.matches(type);
    } catch (NeedsMore needsMore) {
      return null;
    }
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getActualName() {
    return name;
  }

  @Override
  public int getModifiers() {
    throw NEEDS_MORE;
  }

  @Override
  public boolean isAnonymousType() {
    throw NEEDS_MORE;
  }

  @Override
  public boolean isLocalType() {
    throw NEEDS_MORE;
  }

  @Override
  public boolean isRecord() {
    throw NEEDS_MORE;
  }

  @Override
  public AnnotationList getDeclaredAnnotations() {
    throw NEEDS_MORE;
  }

  @Override
  public FieldList<FieldDescription.InDefinedShape> getDeclaredFields() {
    throw NEEDS_MORE;
  }

  @Override
  public MethodList<MethodDescription.InDefinedShape> getDeclaredMethods() {
    throw NEEDS_MORE;
  }

  @Override
  public MethodDescription.InDefinedShape getEnclosingMethod() {
    throw NEEDS_MORE;
  }

  @Override
  public ModuleDescription toModuleDescription() {
    throw NEEDS_MORE;
  }

  @Override
  public PackageDescription getPackage() {
    throw NEEDS_MORE;
  }

  @Override
  public RecordComponentList<net.bytebuddy.description.type.RecordComponentDescription.InDefinedShape> getRecordComponents() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeDescription getDeclaringType() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeDescription getEnclosingType() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeDescription getNestHost() {
    throw NEEDS_MORE;
  }

  @Override
  public Generic getSuperClass() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeList getDeclaredTypes() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeList getNestMembers() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeList getPermittedSubtypes() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeList.Generic getInterfaces() {
    throw NEEDS_MORE;
  }

  @Override
  public TypeList.Generic getTypeVariables() {
    throw NEEDS_MORE;
  }

  private static final class NeedsMore extends RuntimeException {
    NeedsMore() {
      super("the matcher needs more than the class name", null, false, false);
    }
  }
}
