/** JDBC value reading and driver quirks. Not API. */
package dev.ampsync.jdbc.internal;
