-- q12: bids per bidder per 10 s of processing time.
SELECT STREAM bidder, COUNT(*) AS bid_count, window_start, window_end
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(PROCTIME()), INTERVAL '10' SECOND))
GROUP BY bidder, window_start, window_end
