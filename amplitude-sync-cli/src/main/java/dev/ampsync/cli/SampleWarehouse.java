package dev.ampsync.cli;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

/**
 * The quickstart's embedded warehouse: an in-memory H2 database of a small SaaS product, generated
 * deterministically (the same rows on every machine): 25 accounts, 250 users with plan, lifetime
 * value, trial end and last activity, 400 devices, and 1,500 events such as "Subscription Renewed".
 */
final class SampleWarehouse {
  static final String URL = "jdbc:h2:mem:ampsync_quickstart;DB_CLOSE_DELAY=-1";
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};
  private static final String[] COUNTRIES = {"United States", "Germany", "France", "Brazil", "Japan", "India"};
  private static final String[] INDUSTRIES = {"Software", "Retail", "Finance", "Health", "Media"};
  private static final String[] EVENTS = {"Subscription Renewed", "Order Completed", "Seat Added", "Invoice Paid"};
  private static final LocalDateTime START = LocalDateTime.of(2026, 1, 1, 0, 0);

  private SampleWarehouse() {}

  /** Creates (or re-creates) the warehouse; returns its JDBC URL. Holds the database open. */
  static Connection create() throws SQLException {
    Connection keepAlive = DriverManager.getConnection(URL, "sa", "");
    Random random = new Random(20261122L);
    try (Statement ddl = keepAlive.createStatement()) {
      ddl.execute("drop all objects");
      ddl.execute("create table accounts (id varchar(32) primary key, name varchar(100), plan varchar(20),"
          + " arr decimal(12,2), seats int, industry varchar(40), admin_user_id varchar(32), created_at timestamp)");
      ddl.execute("create table users (id varchar(32) primary key, email varchar(120), account_id varchar(32),"
          + " plan varchar(20), lifetime_value decimal(12,2), trial_end timestamp, last_active timestamp,"
          + " signup_date date, login_count int, country varchar(40))");
      ddl.execute("create table devices (device_id varchar(40) primary key, user_id varchar(32), platform varchar(20),"
          + " os_name varchar(20), os_version varchar(20), device_brand varchar(20), device_manufacturer varchar(20),"
          + " device_model varchar(40), carrier varchar(40), app_version varchar(20))");
      ddl.execute("create table events (event_id varchar(40) primary key, user_id varchar(32), event_type varchar(40),"
          + " occurred_at timestamp, amount decimal(10,2), currency char(3), plan varchar(20))");
    }
    try (PreparedStatement accounts = keepAlive.prepareStatement("insert into accounts values (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement users = keepAlive.prepareStatement("insert into users values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement devices = keepAlive.prepareStatement("insert into devices values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement events = keepAlive.prepareStatement("insert into events values (?, ?, ?, ?, ?, ?, ?)")) {
      for (int a = 1; a <= 25; a++) {
        String plan = PLANS[1 + random.nextInt(3)];
        accounts.setString(1, String.format("acct-%04d", a));
        accounts.setString(2, "Account " + a);
        accounts.setString(3, plan);
        accounts.setBigDecimal(4, BigDecimal.valueOf(1_000 + random.nextInt(200_000), 0).add(new BigDecimal("0.50")));
        accounts.setInt(5, 1 + random.nextInt(200));
        accounts.setString(6, INDUSTRIES[random.nextInt(INDUSTRIES.length)]);
        accounts.setString(7, String.format("user-%05d", a * 10));
        accounts.setTimestamp(8, Timestamp.valueOf(START.minusDays(365 + random.nextInt(700))));
        accounts.addBatch();
      }
      for (int u = 1; u <= 250; u++) {
        String id = String.format("user-%05d", u);
        String plan = PLANS[random.nextInt(PLANS.length)];
        users.setString(1, id);
        users.setString(2, "user" + u + "@example.com");
        users.setString(3, String.format("acct-%04d", 1 + (u - 1) / 10));
        users.setString(4, plan);
        users.setBigDecimal(5, new BigDecimal(random.nextInt(500_000)).movePointLeft(2));
        users.setTimestamp(6, plan.equals("free") ? Timestamp.valueOf(START.plusDays(random.nextInt(30))) : null);
        users.setTimestamp(7, Timestamp.valueOf(START.plusMinutes(random.nextInt(60 * 24 * 60))));
        users.setObject(8, LocalDate.of(2024, 1, 1).plusDays(random.nextInt(700)));
        users.setInt(9, random.nextInt(400));
        users.setString(10, COUNTRIES[random.nextInt(COUNTRIES.length)]);
        users.addBatch();
      }
      for (int d = 1; d <= 400; d++) {
        boolean ios = random.nextBoolean();
        devices.setString(1, String.format("device-%08x-%04d", random.nextInt(), d));
        devices.setString(2, String.format("user-%05d", 1 + random.nextInt(250)));
        devices.setString(3, ios ? "iOS" : "Android");
        devices.setString(4, ios ? "ios" : "android");
        devices.setString(5, ios ? "17." + random.nextInt(6) : "14");
        devices.setString(6, ios ? "Apple" : "Google");
        devices.setString(7, ios ? "Apple" : "Google");
        devices.setString(8, ios ? "iPhone15," + (1 + random.nextInt(4)) : "Pixel " + (6 + random.nextInt(3)));
        devices.setString(9, random.nextBoolean() ? "Telekom" : "Vodafone");
        devices.setString(10, "4." + random.nextInt(3) + ".0");
        devices.addBatch();
      }
      for (int e = 1; e <= 1_500; e++) {
        events.setString(1, String.format("evt-%06d", e));
        events.setString(2, String.format("user-%05d", 1 + random.nextInt(250)));
        events.setString(3, EVENTS[random.nextInt(EVENTS.length)]);
        events.setTimestamp(4, Timestamp.valueOf(START.plusMinutes(e * 37L)));
        events.setBigDecimal(5, new BigDecimal(500 + random.nextInt(50_000)).movePointLeft(2));
        events.setString(6, random.nextInt(4) == 0 ? "EUR" : "USD");
        events.setString(7, PLANS[1 + random.nextInt(3)]);
        events.addBatch();
      }
      accounts.executeBatch();
      users.executeBatch();
      devices.executeBatch();
      events.executeBatch();
    }
    return keepAlive;
  }
}
