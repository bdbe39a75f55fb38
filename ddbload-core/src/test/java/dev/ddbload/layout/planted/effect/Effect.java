package dev.ddbload.layout.planted.effect;

import dev.ddbload.layout.planted.cause.Cause;

/** The other half of the planted package cycle: needs {@link Cause}, which needs it. */
public final class Effect {

  /** The cause of this effect. */
  public Cause cause() {
    return new Cause();
  }
}
