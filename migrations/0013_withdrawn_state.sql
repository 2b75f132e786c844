-- Posts withdrawn before 0012 kept state = 'published' (withdrawal was then withdrawn_at alone):
-- give them the state the console and the admin list show for a withdrawn post.
UPDATE posts SET state = 'withdrawn' WHERE withdrawn_ms IS NOT NULL AND state = 'published';
