-- q0: pass-through of every bid.
SELECT STREAM auction, bidder, price, date_time, extra FROM bid
