-- q21: bids with a channel id: fixed for the four known channels, else taken from the url.
SELECT STREAM auction, bidder, price, channel,
  CASE WHEN LOWER(channel) = 'apple' THEN '0'
       WHEN LOWER(channel) = 'google' THEN '1'
       WHEN LOWER(channel) = 'facebook' THEN '2'
       WHEN LOWER(channel) = 'baidu' THEN '3'
       ELSE REGEXP_REPLACE(url, '^.*[?&]channel_id=([^&]*).*$', '$1') END AS channel_id
FROM bid
WHERE REGEXP_REPLACE(url, '^.*[?&]channel_id=([^&]*).*$', '$1') <> url
  OR LOWER(channel) IN ('apple', 'google', 'facebook', 'baidu')
