package dev.ddbload.layout.planted.cause;

import dev.ddbload.layout.planted.effect.Effect;

/** Half of a package cycle planted for {@code PackageCyclesTest}: needs {@link Effect}, which needs it. */
public final class Cause {

  /** The effect this cause has. */
  public Effect effect() {
    return new Effect();
  }
}
