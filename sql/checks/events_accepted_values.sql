-- Types, stages, qualifiers and precisions come from closed lists.
select * from events
where event_type not in ('deployment', 'capture', 'casualty_report', 'prisoner_exchange_offer')
   or coalesce(stage, 'offer') not in ('offer', 'agreement', 'completed')
   or coalesce(event_date_precision, 'day') not in ('day', 'month', 'year')
   or coalesce(troops_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(captured_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(killed_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(injured_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(casualties_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(prisoners_offered_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
   or coalesce(prisoners_requested_qualifier, 'exact') not in ('exact', 'approx', 'at_least', 'at_most', 'range')
