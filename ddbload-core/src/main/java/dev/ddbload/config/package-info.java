/**
 * What every stage may import and which imports nothing of ddbload: the client settings, the
 * AWS provider chains and {@link dev.ddbload.config.ConfigurationException}, the error a user can
 * fix. Public API.
 */
package dev.ddbload.config;
