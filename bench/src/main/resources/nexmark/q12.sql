-- q12: bids per bidder per 10 s of processing time (PROCTIME() stamps each bid as processed).
SELECT STREAM bidder, COUNT(*) AS bid_count, window_start, window_end
FROM TABLE(TUMBLE((SELECT *, PROCTIME() AS p_time FROM bid), DESCRIPTOR(p_time),
  INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end
