-- q22: the first three path segments of each bid's url.
SELECT STREAM auction, bidder, price, channel,
  REGEXP_REPLACE(url, '^https?://[^/]*/([^/?]*).*$', '$1') AS dir1,
  REGEXP_REPLACE(url, '^https?://[^/]*/[^/?]*/?([^/?]*).*$', '$1') AS dir2,
  REGEXP_REPLACE(url, '^https?://[^/]*/[^/?]*/?[^/?]*/?([^/?]*).*$', '$1') AS dir3
FROM bid
