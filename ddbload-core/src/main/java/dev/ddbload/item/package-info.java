/**
 * Items and keys: attribute values from text, JSON and Ion, the table's key schema, the column
 * types of a schema, and DynamoDB's item size. The option values ({@code KeySchema},
 * {@code ItemSchema}, {@code EmptyCellPolicy}, {@code TimeEncoding}, {@code AttributeShaping}) and
 * {@code RejectReason} are public API.
 */
package dev.ddbload.item;
