/**
 * The sample schema the sandbox starts with: a small shop with customers,
 * products, orders and their lines, plus a view, an enum, a STABLE function
 * and comments, so every tool has something real to show. Deterministic:
 * the same rows on every machine.
 */
export const sandboxSeedSql = `
BEGIN;
CREATE SCHEMA shop;
COMMENT ON SCHEMA shop IS 'Sample data of the infra-mcp sandbox: a small online shop.';
CREATE TYPE shop.order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled');
CREATE TABLE shop.customers (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  country char(2) NOT NULL DEFAULT 'DE',
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shop.customers IS 'People who have placed at least one order.';
CREATE TABLE shop.products (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL,
  price numeric(10,2) NOT NULL CHECK (price >= 0),
  stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  tags text[] NOT NULL DEFAULT '{}'
);
CREATE TABLE shop.orders (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES shop.customers (id),
  status shop.order_status NOT NULL DEFAULT 'pending',
  placed_at timestamptz NOT NULL,
  note jsonb
);
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id);
CREATE INDEX orders_placed_at_idx ON shop.orders (placed_at);
COMMENT ON COLUMN shop.orders.note IS 'Free-form delivery details.';
CREATE TABLE shop.order_items (
  order_id integer NOT NULL REFERENCES shop.orders (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES shop.products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, product_id)
);
INSERT INTO shop.customers (email, name, country, created_at)
SELECT 'customer' || i || '@example.com', 'Customer ' || i, (ARRAY['DE','FR','NL','US','JP'])[1 + i % 5],
       timestamptz '2024-01-01 00:00+00' + i * interval '37 hours'
FROM generate_series(1, 50) AS i;
INSERT INTO shop.products (sku, name, price, stock, tags)
SELECT 'SKU-' || lpad(i::text, 4, '0'), 'Product ' || i, round((5 + (i * 7919) % 200)::numeric + 0.99, 2), (i * 31) % 120,
       CASE WHEN i % 3 = 0 THEN ARRAY['sale'] ELSE ARRAY[]::text[] END
FROM generate_series(1, 30) AS i;
INSERT INTO shop.orders (customer_id, status, placed_at, note)
SELECT 1 + (i * 17) % 50, (ARRAY['pending','paid','shipped','shipped','cancelled']::shop.order_status[])[1 + i % 5],
       timestamptz '2024-03-01 09:00+00' + i * interval '9 hours',
       CASE WHEN i % 4 = 0 THEN jsonb_build_object('gift', true, 'floor', i % 6) END
FROM generate_series(1, 200) AS i;
INSERT INTO shop.order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, p.id, 1 + (o.id + p.id) % 4, p.price
FROM shop.orders o JOIN shop.products p ON (o.id * 7 + p.id) % 10 = 0;
CREATE VIEW shop.order_totals AS
SELECT o.id AS order_id, o.customer_id, o.status, o.placed_at, sum(i.quantity * i.unit_price) AS total
FROM shop.orders o JOIN shop.order_items i ON i.order_id = o.id
GROUP BY o.id;
COMMENT ON VIEW shop.order_totals IS 'One row per order with its total amount.';
CREATE FUNCTION shop.customer_lifetime_value(customer integer) RETURNS numeric
LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(total), 0) FROM shop.order_totals WHERE customer_id = customer $$;
ANALYZE;
COMMIT;
`;
