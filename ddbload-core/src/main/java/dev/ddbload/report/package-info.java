/**
 * What a load tells: the immutable {@link dev.ddbload.report.LoadStats} snapshot beside its
 * recorder, the control's per-second samples and damage of inputs. Public API.
 */
package dev.ddbload.report;
