/**
 * Runtime hints for ahead-of-time processing and native images.
 */
@NullMarked
package io.cloacina.database.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
